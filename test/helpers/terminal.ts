import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { stripVTControlCharacters } from "node:util";
import { BIN, cliEnv } from "./cli.js";

/** util-linux's `script`, which runs a command on a pseudo-terminal of its own. */
export const HAS_SCRIPT =
  process.platform === "linux" && spawnSync("script", ["--version"]).status === 0;

const quote = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`;

/**
 * `hooks <args>` on a pseudo-terminal (stdin and stdout TTYs, as in a person's shell), through
 * `script`: what it draws is collected, and `type` is what the person types.
 */
export class Terminal {
  output = "";
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private waiters: (() => void)[] = [];

  constructor(args: string[], env: Record<string, string | undefined> = {}) {
    // A pseudo-terminal made by `script` has no size; spinners and prompts need one.
    const command = `stty cols 120 rows 40; exec ${[process.execPath, BIN, ...args].map(quote).join(" ")}`;
    this.child = spawn("script", ["-qfec", command, "/dev/null"], {
      env: cliEnv(env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const collect = (chunk: Buffer): void => {
      this.output += chunk.toString();
      for (const wake of this.waiters.splice(0)) wake();
    };
    this.child.stdout?.on("data", collect);
    this.child.stderr?.on("data", collect);
    this.exited = new Promise((resolve) =>
      this.child.on("close", (code) => {
        for (const wake of this.waiters.splice(0)) wake();
        resolve(code);
      }),
    );
  }

  /** The output as a person reads it: escapes gone, lines as drawn. */
  get text(): string {
    return stripVTControlCharacters(this.output).replaceAll("\r\n", "\n");
  }

  type(keys: string): void {
    this.child.stdin?.write(keys);
  }

  async waitForText(pattern: RegExp, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.text)) {
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`no ${pattern} on the terminal:\n${this.text}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  /** Ctrl-C, as typed (the terminal turns it into SIGINT), then waits for the exit. */
  async interrupt(): Promise<number | null> {
    if (this.child.exitCode === null) this.type("\x03");
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill("SIGKILL");
  }
}
