import { spawn, type ChildProcess } from "node:child_process";
import { cloudflaredEnv } from "./cloudflared-env.js";

/** What a running quick tunnel gives its owner (the shape unjs/untun made familiar). */
export interface QuickTunnel {
  /** The public URL, once cloudflared has it and a connection to the edge is registered. */
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

export interface QuickTunnelOptions {
  bin: string;
  /** How long cloudflared gets to exit after SIGINT before SIGKILL. */
  graceMs?: number;
  /** How long to wait for the URL and the first connection. */
  startTimeoutMs?: number;
}

/** The public URL as cloudflared prints it, inside its box: `|  https://x.trycloudflare.com  |`. */
const BOXED_URL = /\|\s+(https?:\/\/[^\s|]+)\s+\|/;
const TRYCLOUDFLARE_URL = /https:\/\/[a-z0-9-]+\.trycloudflare\.com/;
const ERROR_LINE = /\bERR\s+(.*)$/m;
/** cloudflared logs this once a connection to Cloudflare's edge is up. */
const CONNECTED_LINE = /Registered tunnel connection/;

/** Starts `cloudflared tunnel --url <localUrl>` and watches its output for the public URL. */
export async function openQuickTunnel(
  localUrl: string,
  options: QuickTunnelOptions,
): Promise<QuickTunnel> {
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const tunnel = startCloudflared(localUrl, options.bin);
  const output = watchOutput(tunnel);
  const exited = watchExit(tunnel, options.bin, output.lastError);
  void exited.then((exit) => output.fail(exitedEarly(exit)));
  const stop = stopper(tunnel.process, exited, options.graceMs ?? 3_000);
  const startTimer = setTimeout(() => {
    output.fail(
      new Error(`cloudflared gave no public URL within ${Math.round(startTimeoutMs / 1000)} s`),
    );
    void stop();
  }, startTimeoutMs);
  startTimer.unref();
  void output.url.finally(() => clearTimeout(startTimer)).catch(() => {});
  const close = (): Promise<void> => {
    clearTimeout(startTimer);
    return stop();
  };
  return { url: output.url, exited, close };
}

/** A running cloudflared: its process and everything it writes, chunk by chunk. */
interface Cloudflared {
  process: ChildProcess;
  onOutput(handler: (text: string) => void): void;
}

/**
 * Spawned here rather than through the cloudflared package's Tunnel, which passes cloudflared the
 * whole environment: HOOKS_SECRET and the providers' API tokens have no business in a program that
 * faces the internet (src/tunnel/cloudflared-env.ts).
 */
function startCloudflared(localUrl: string, bin: string): Cloudflared {
  // cloudflared waits 30 s for requests in flight on SIGINT by default; ours are webhooks.
  const args = ["tunnel", "--url", localUrl, "--grace-period", "1s"];
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"], env: cloudflaredEnv() });
  const handlers: ((text: string) => void)[] = [];
  const relay = (chunk: Buffer): void => {
    for (const handler of handlers) handler(chunk.toString());
  };
  child.stdout?.on("data", relay);
  child.stderr?.on("data", relay);
  return { process: child, onOutput: (handler) => void handlers.push(handler) };
}

interface Output {
  /** Resolves once cloudflared printed its URL and registered a connection to the edge. */
  url: Promise<string>;
  /** The last ERR line so far. */
  lastError(): string | undefined;
  /** Rejects `url` unless it has settled already. */
  fail(error: Error): void;
}

/** Reads cloudflared's output for the public URL and its last complaint. */
function watchOutput(tunnel: Cloudflared): Output {
  let lastError: string | undefined;
  let seenUrl: string | undefined;
  let connected = false;
  let settle!: { resolve: (url: string) => void; reject: (error: Error) => void };
  const url = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  url.catch(() => {});
  const maybeUp = (): void => {
    if (seenUrl && connected) settle.resolve(seenUrl);
  };
  tunnel.onOutput((text) => {
    const error = ERROR_LINE.exec(text);
    if (error?.[1]) lastError = error[1].trim();
    const match = BOXED_URL.exec(text) ?? TRYCLOUDFLARE_URL.exec(text);
    const found = match?.[1] ?? match?.[0];
    if (found && !seenUrl && !/cloudflare\.com\/website-terms/.test(found)) {
      seenUrl = found;
    }
    if (CONNECTED_LINE.test(text)) connected = true;
    maybeUp();
  });
  return { url, lastError: () => lastError, fail: (error) => settle.reject(error) };
}

/** Resolves when cloudflared exits, or at once when it could not be spawned at all. */
function watchExit(
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
    child.once("exit", (code, signal) => {
      const exit: TunnelExit = { code, signal };
      const why = spawnError ?? lastError();
      if (why !== undefined) exit.lastError = why;
      resolve(exit);
    });
  });
}

function exitedEarly(exit: TunnelExit): Error {
  const why = exit.lastError ? `: ${exit.lastError}` : "";
  return new Error(
    `cloudflared exited (${exit.signal ?? `code ${exit.code}`}) before the tunnel was up${why}`,
  );
}

/** SIGINT, then SIGKILL after `graceMs`; the same promise on every call. */
function stopper(
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
