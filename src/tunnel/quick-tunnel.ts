import type { ChildProcess } from "node:child_process";

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

/** Starts `cloudflared tunnel --url <localUrl>` through the cloudflared package's Tunnel.quick. */
export async function openQuickTunnel(
  localUrl: string,
  options: QuickTunnelOptions,
): Promise<QuickTunnel> {
  const { Tunnel, use } = await import("cloudflared");
  // The package reads its binary path once, at import; `use` points it at the one we found.
  use(options.bin);
  // cloudflared waits 30 s for requests in flight on SIGINT by default; ours are webhooks.
  const tunnel = Tunnel.quick(localUrl, { "--grace-period": "1s" });
  const child: ChildProcess = tunnel.process;
  let lastError: string | undefined;
  let seenUrl: string | undefined;
  let connected = false;

  let settleUrl!: { resolve: (url: string) => void; reject: (error: Error) => void };
  const url = new Promise<string>((resolve, reject) => (settleUrl = { resolve, reject }));
  url.catch(() => {});
  const maybeUp = (): void => {
    if (seenUrl && connected) settleUrl.resolve(seenUrl);
  };

  tunnel.addHandler((output) => {
    const error = ERROR_LINE.exec(output);
    if (error?.[1]) lastError = error[1].trim();
    const match = BOXED_URL.exec(output) ?? TRYCLOUDFLARE_URL.exec(output);
    const found = match?.[1] ?? match?.[0];
    if (found && !seenUrl && !/cloudflare\.com\/website-terms/.test(found)) {
      seenUrl = found;
      maybeUp();
    }
  });
  tunnel.on("connected", () => {
    connected = true;
    maybeUp();
  });

  const exited = new Promise<TunnelExit>((resolve) => {
    let spawnError: string | undefined;
    tunnel.on("error", (error: NodeJS.ErrnoException) => {
      spawnError =
        error.code === "ENOENT"
          ? `cannot run ${options.bin}: no such file`
          : error.code === "EACCES"
            ? `cannot run ${options.bin}: not executable`
            : error.message;
      // A binary that cannot be spawned gets an error and no exit event.
      if (child.pid === undefined) {
        resolve({ code: null, signal: null, lastError: spawnError });
      }
    });
    child.once("exit", (code, signal) => {
      const exit: TunnelExit = { code, signal };
      const why = spawnError ?? lastError;
      if (why !== undefined) exit.lastError = why;
      resolve(exit);
    });
  });
  void exited.then((exit) => {
    const why = exit.lastError ? `: ${exit.lastError}` : "";
    settleUrl.reject(
      new Error(
        `cloudflared exited (${exit.signal ?? `code ${exit.code}`}) before the tunnel was up${why}`,
      ),
    );
  });

  const startTimer = setTimeout(() => {
    settleUrl.reject(
      new Error(
        `cloudflared gave no public URL within ${Math.round((options.startTimeoutMs ?? 30_000) / 1000)} s`,
      ),
    );
    void close();
  }, options.startTimeoutMs ?? 30_000);
  startTimer.unref();
  void url.finally(() => clearTimeout(startTimer)).catch(() => {});

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearTimeout(startTimer);
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      child.kill("SIGINT");
      const killer = setTimeout(() => child.kill("SIGKILL"), options.graceMs ?? 3_000);
      await exited;
      clearTimeout(killer);
    })();
    return closing;
  };
  return { url, exited, close };
}
