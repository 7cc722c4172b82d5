import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { BIN, cliEnv } from "../helpers/cli.js";

const DRIVER = fileURLToPath(new URL("./pty-run.py", import.meta.url));

/** Control sequences (colours, cursor moves) and CRs out, so assertions read what a person would see. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r\n/g, "\n");
}

export const KEY = { enter: "\r", down: "\u001b[B", ctrlC: "\u0003" } as const;

/** `hooks <args>` on a real pseudo-terminal (python3's pty module), driven key by key. */
export class PtySession {
  private readonly child: ChildProcess;
  private output = "";
  private waiters: (() => void)[] = [];
  readonly exit: Promise<number | null>;

  constructor(args: string[], options: { env: Record<string, string | undefined>; cwd: string }) {
    this.child = spawn("python3", [DRIVER, process.execPath, BIN, ...args], {
      cwd: options.cwd,
      env: cliEnv(options.env),
      stdio: ["pipe", "pipe", "inherit"],
    });
    this.child.stdout?.on("data", (chunk: Buffer) => {
      this.output += chunk.toString();
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.exit = new Promise((resolve) => this.child.on("close", (code) => resolve(code)));
  }

  /** Everything shown so far, without control sequences. */
  get screen(): string {
    return plain(this.output);
  }

  /** Resolves once `text` is on screen after position `from`; rejects after `timeoutMs`. */
  async waitFor(text: string | RegExp, from = 0, timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.screen.slice(from);
      const index = typeof text === "string" ? rest.indexOf(text) : rest.search(text);
      if (index >= 0) return from + index;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${String(text)}; screen:\n${this.screen}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  /** Waits for a prompt, then types the keys (each string written as one burst). */
  async answer(prompt: string | RegExp, ...keys: string[]): Promise<void> {
    const at = await this.waitFor(prompt, this.mark);
    this.mark = at + 1;
    for (const key of keys) this.child.stdin?.write(key);
  }

  private mark = 0;

  kill(): void {
    this.child.kill("SIGKILL");
  }

  end(): void {
    this.child.stdin?.end();
  }
}
