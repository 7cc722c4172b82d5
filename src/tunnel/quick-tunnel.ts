import { cloudflaredEnv } from "./cloudflared-env.js";
import {
  deferred,
  spawnCloudflared,
  superviseStart,
  watchExit,
  type Cloudflared,
  type Tunnel,
} from "./cloudflared-process.js";

export type { TunnelExit } from "./cloudflared-process.js";

/** What a running quick tunnel gives its owner. */
export type QuickTunnel = Tunnel;

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
  // cloudflared waits 30 s for requests in flight on SIGINT by default; ours are webhooks.
  const args = ["tunnel", "--url", localUrl, "--grace-period", "1s"];
  const tunnel = spawnCloudflared(options.bin, args, cloudflaredEnv());
  const output = watchOutput(tunnel);
  const exited = watchExit(tunnel, options.bin, output.lastError);
  return superviseStart(tunnel, output.url, output.fail, exited, {
    graceMs: options.graceMs,
    startTimeoutMs: options.startTimeoutMs,
    what: "public URL",
  });
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
  const url = deferred<string>();
  tunnel.onOutput((text) => {
    const error = ERROR_LINE.exec(text);
    if (error?.[1]) lastError = error[1].trim();
    const match = BOXED_URL.exec(text) ?? TRYCLOUDFLARE_URL.exec(text);
    const found = match?.[1] ?? match?.[0];
    if (found && !seenUrl && !/cloudflare\.com\/website-terms/.test(found)) {
      seenUrl = found;
    }
    if (CONNECTED_LINE.test(text)) connected = true;
    if (seenUrl && connected) url.resolve(seenUrl);
  });
  return { url: url.promise, lastError: () => lastError, fail: url.reject };
}
