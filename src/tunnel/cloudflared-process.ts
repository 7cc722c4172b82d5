import { spawn, type ChildProcess } from "node:child_process";

/** What a running cloudflared tunnel gives its owner (the shape unjs/untun made familiar). */
export interface Tunnel {
  /** The public URL, once the tunnel is up and a connection to the edge is registered. */
  url: Promise<string>;
  /** Resolves when cloudflared exits, with what it last complained about. */
  exited: Promise<TunnelExit>;
  /** SIGINT, then SIGKILL after the grace period; safe to call twice. */
  close(): Promise<void>;
}

export interface TunnelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last ERR line cloudflared printed, or a spawn error. */
  lastError?: string;
}

/**
 * A start that failed. `permanent` when trying again cannot help (a token cloudflared cannot
 * parse), so the supervisor stops retrying and the listener stays local.
 */
export class TunnelStartError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

/** A running cloudflared: its process and everything it writes, chunk by chunk. */
export interface Cloudflared {
  process: ChildProcess;
  onOutput(handler: (text: string) => void): void;
}

/**
 * Spawned here rather than through the cloudflared package's Tunnel, which passes cloudflared the
 * whole environment: HOOKS_SECRET and the providers' API tokens have no business in a program that
 * faces the internet (src/tunnel/cloudflared-env.ts builds `env` without them).
 */
export function spawnCloudflared(
  bin: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Cloudflared {
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"], env });
  const handlers: ((text: string) => void)[] = [];
  const relay = (chunk: Buffer): void => {
    for (const handler of handlers) handler(chunk.toString());
  };
  child.stdout?.on("data", relay);
  child.stderr?.on("data", relay);
  return { process: child, onOutput: (handler) => void handlers.push(handler) };
}

/** Resolves when cloudflared exits, or at once when it could not be spawned at all. */
export function watchExit(
  tunnel: Cloudflared,
  bin: string,
  lastError: () => string | undefined,
): Promise<TunnelExit> {
  const child = tunnel.process;
  return new Promise<TunnelExit>((resolve) => {
    let spawnError: string | undefined;
    child.on("error", (error: NodeJS.ErrnoException) => {
      spawnError =
        error.code === "ENOENT"
          ? `cannot run ${bin}: no such file`
          : error.code === "EACCES"
            ? `cannot run ${bin}: not executable`
            : error.message;
      // A binary that cannot be spawned gets an error and no exit event.
      if (child.pid === undefined) {
        resolve({ code: null, signal: null, lastError: spawnError });
      }
    });
    // `close` rather than `exit`: it comes after cloudflared's last words have been read.
    child.once("close", (code, signal) => {
      const exit: TunnelExit = { code, signal };
      const why = spawnError ?? lastError();
      if (why !== undefined) exit.lastError = why;
      resolve(exit);
    });
  });
}

export function exitedEarly(exit: TunnelExit): Error {
  const why = exit.lastError ? `: ${exit.lastError}` : "";
  return new Error(
    `cloudflared exited (${exit.signal ?? `code ${exit.code}`}) before the tunnel was up${why}`,
  );
}

/** SIGINT, then SIGKILL after `graceMs`; the same promise on every call. */
export function stopper(
  child: ChildProcess,
  exited: Promise<TunnelExit>,
  graceMs: number,
): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      child.kill("SIGINT");
      const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(killer);
    })();
    return stopping;
  };
}

/**
 * A URL promise that the output watcher settles, plus a start timer: past `startTimeoutMs` the
 * start fails and cloudflared is stopped. Returns the tunnel its owner gets.
 */
export function superviseStart(
  tunnel: Cloudflared,
  url: Promise<string>,
  fail: (error: Error) => void,
  exited: Promise<TunnelExit>,
  options: {
    graceMs?: number | undefined;
    startTimeoutMs?: number | undefined;
    /** What the start waits for, for the timeout's message. */
    what: string;
    /** Why an exit before the tunnel was up failed the start. */
    early?: (exit: TunnelExit) => Error;
  },
): Tunnel {
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  void exited.then((exit) => fail((options.early ?? exitedEarly)(exit)));
  const stop = stopper(tunnel.process, exited, options.graceMs ?? 3_000);
  const startTimer = setTimeout(() => {
    fail(
      new Error(
        `cloudflared gave no ${options.what} within ${Math.round(startTimeoutMs / 1000)} s`,
      ),
    );
    void stop();
  }, startTimeoutMs);
  startTimer.unref();
  void url.finally(() => clearTimeout(startTimer)).catch(() => {});
  const close = (): Promise<void> => {
    clearTimeout(startTimer);
    return stop();
  };
  return { url, exited, close };
}

/** A promise and its settle functions; rejections are handled so that none goes unobserved. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => {});
  return { promise, resolve, reject };
}
