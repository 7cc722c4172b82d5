import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { spawnCli } from "../helpers/cli.js";

export type JsonLine = Record<string, unknown> & { type: string };

/**
 * A spawned `hooks listen --json`: collects its NDJSON lines and stderr, and waits for lines
 * without sleeping.
 */
export class ListenProcess {
  readonly lines: JsonLine[] = [];
  stdout = "";
  stderr = "";
  readonly exited: Promise<number | null>;
  private waiters: (() => void)[] = [];

  private constructor(readonly child: ChildProcess) {
    let partial = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      this.stdout += chunk.toString();
      partial += chunk.toString();
      const parts = partial.split("\n");
      partial = parts.pop() ?? "";
      for (const part of parts) {
        try {
          this.lines.push(JSON.parse(part) as JsonLine);
        } catch {
          // human output: kept in stdout
        }
      }
      this.wake();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString();
      this.wake();
    });
    this.exited = new Promise((resolve) =>
      child.on("close", (code) => (this.wake(), resolve(code))),
    );
  }

  static start(args: string[], env: Record<string, string | undefined> = {}): ListenProcess {
    return new ListenProcess(spawnCli(["listen", ...args], { env }));
  }

  /** Waits for a line matching `match` (or for the text, in stdout/stderr). */
  async waitFor(match: (line: JsonLine) => boolean, timeoutMs = 10_000): Promise<JsonLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`no matching line; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      }
      await this.next(deadline);
    }
  }

  async waitForText(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stdout + this.stderr)) {
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`no ${pattern}; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      }
      await this.next(deadline);
    }
  }

  ready(): Promise<JsonLine> {
    return this.waitFor((line) => line.type === "ready");
  }

  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited;
  }

  private next(deadline: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, Math.min(deadline - Date.now(), 500)));
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

/**
 * `hooks listen --json` as the --register tests start it: on a free port with no inspector, its
 * event store and state under `dir`, with `provider`'s management API at `apiUrl` (a fake).
 */
export function listenWithApi(
  dir: string,
  provider: string,
  apiUrl: string,
  args: string[],
  env: Record<string, string> = {},
): ListenProcess {
  return ListenProcess.start(
    [
      "--json",
      "--port",
      "0",
      "--no-inspect",
      "--store",
      join(dir, "events.jsonl"),
      "--provider",
      provider,
      "--api-url",
      apiUrl,
      ...args,
    ],
    { XDG_STATE_HOME: dir, ...env },
  );
}

/** Runs `task` for each of `count` items with at most `concurrency` at once. */
export async function pool<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
