import { cloudflaredEnv } from "./cloudflared-env.js";
import {
  deferred,
  exitedEarly,
  spawnCloudflared,
  superviseStart,
  TunnelStartError,
  watchExit,
  type Tunnel,
  type TunnelExit,
} from "./cloudflared-process.js";
import type { QuickTunnelOptions } from "./quick-tunnel.js";

export interface NamedTunnelOptions extends QuickTunnelOptions {
  /** The tunnel token from Cloudflare's dashboard (`cloudflared service install <token>`). */
  token: string;
  /** The public hostname configured for the tunnel at Cloudflare: the URL announced. */
  publicUrl: string;
}

/** cloudflared logs this once a connection to Cloudflare's edge is up (connection/observer.go). */
const CONNECTED_LINE = /Registered tunnel connection/;
/** What `tunnel run` says, and exits 255 with, when the token is not base64 JSON (subcommands.go). */
const INVALID_TOKEN = /Provided Tunnel token is not valid\./;
/**
 * The edge refusing the token's credentials (a deleted tunnel, a rotated secret), logged by
 * supervisor/tunnel.go: `ERR Register tunnel error from server side error="Unauthorized: …"`.
 */
const EDGE_REFUSED = /Register tunnel error from server side error="((?:[^"\\]|\\.)*)"/;
const ERROR_LINE = /\bERR\s+(.*)$/m;

/**
 * Runs `cloudflared tunnel run` for the named tunnel the token identifies. Its hostname and the
 * local service it reaches are configured at Cloudflare (the tunnel's public hostname, routed to
 * http://localhost:<port>), and cloudflared never prints them: the URL is `publicUrl`, resolved
 * once the first connection to the edge is registered.
 *
 * No `--url`: a token tunnel is managed remotely, and the ingress rules Cloudflare sends replace
 * local ones as soon as they arrive (orchestration/orchestrator.go UpdateConfig).
 */
export async function openNamedTunnel(options: NamedTunnelOptions): Promise<Tunnel> {
  // cloudflared waits 30 s for requests in flight on SIGINT by default; ours are webhooks.
  // --no-autoupdate: with its stdout a pipe cloudflared takes itself for a service and may
  // replace its own binary and restart, under hooks' feet (cmd/cloudflared/updater/update.go).
  const args = ["tunnel", "--no-autoupdate", "--grace-period", "1s", "run"];
  // The token goes in TUNNEL_TOKEN, which `tunnel run` reads for its --token flag
  // (cmd/cloudflared/tunnel/subcommands.go): any user on the machine can read a process's
  // command line (ps, /proc/<pid>/cmdline), only its owner its environment.
  const env = { ...cloudflaredEnv(), TUNNEL_TOKEN: options.token };
  const tunnel = spawnCloudflared(options.bin, args, env);
  const url = deferred<string>();
  let lastError: string | undefined;
  let invalidToken = false;
  tunnel.onOutput((text) => {
    if (INVALID_TOKEN.test(text)) invalidToken = true;
    const error = ERROR_LINE.exec(text);
    if (error?.[1]) lastError = error[1].trim();
    const refused = EDGE_REFUSED.exec(text);
    if (refused?.[1] !== undefined) {
      // cloudflared retries this itself, hoping for propagation lag on a new tunnel; the
      // supervisor retries too, with its backoff, and meanwhile the listener says why.
      url.reject(
        new TunnelStartError(
          `Cloudflare refused the tunnel token: ${refused[1].replace(/\\"/g, '"')} (check that the tunnel still exists and copy its token again)`,
        ),
      );
      return;
    }
    if (CONNECTED_LINE.test(text)) url.resolve(options.publicUrl);
  });
  const exited = watchExit(tunnel, options.bin, () => lastError);
  const early = (exit: TunnelExit): Error =>
    invalidToken || exit.code === 255
      ? new TunnelStartError(
          "cloudflared says the tunnel token is not valid: copy the whole token (eyJ…) from the tunnel's page in Cloudflare's Zero Trust dashboard",
          true,
        )
      : exitedEarly(exit);
  return superviseStart(tunnel, url.promise, url.reject, exited, {
    graceMs: options.graceMs,
    startTimeoutMs: options.startTimeoutMs,
    what: "connection to Cloudflare",
    early,
  });
}
