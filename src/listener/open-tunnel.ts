import type { ObtainCloudflared } from "../tunnel/offer-cloudflared.js";
import type { TunnelStatus } from "../tunnel/tunnel-status.js";
import { redact } from "../util/secrets.js";

/** The listener's view of its tunnel: when the first start settled, and how to stop it. */
export interface TunnelHandle {
  /** Resolves once the first start succeeded or failed (the listener is ready either way). */
  started: Promise<void>;
  close(): Promise<void>;
}

/** `--tunnel-token`: a named tunnel, whose hostname (`--public-url`) is configured at Cloudflare. */
export interface NamedTunnel {
  token: string;
  publicUrl: string;
}

/**
 * Finds cloudflared and keeps a tunnel to `localUrl` up, reporting every change through
 * `report`: a quick tunnel, or the named tunnel of `named`. A missing binary is `obtain`ed when
 * given (someone at the terminal may download it), else reported once, and the listener stays
 * local.
 */
export async function openTunnel(
  localUrl: string,
  report: (status: TunnelStatus) => void,
  named?: NamedTunnel,
  obtain?: ObtainCloudflared,
): Promise<TunnelHandle> {
  const { findCloudflared } = await import("../tunnel/find-cloudflared.js");
  const { defaultCloudflaredPath } = await import("../tunnel/install-cloudflared.js");
  let lookup = findCloudflared(await defaultCloudflaredPath());
  if (!lookup.found && lookup.installTo && obtain) {
    const obtained = await obtain(lookup.installTo);
    lookup =
      "path" in obtained
        ? { found: true, path: obtained.path }
        : { found: false, message: `${obtained.message}; still listening locally at ${localUrl}` };
  }
  if (!lookup.found) {
    report({ status: "error", publicUrl: null, message: lookup.message });
    return { started: Promise.resolve(), close: async () => {} };
  }
  const { TunnelSupervisor } = await import("../tunnel/tunnel-supervisor.js");
  const { openNamedTunnel } = await import("../tunnel/named-tunnel.js");
  const supervisor = new TunnelSupervisor(localUrl, {
    bin: lookup.path,
    ...(named && { open: (_, options) => openNamedTunnel({ ...options, ...named }) }),
  });
  const kind = named ? `named tunnel for ${named.publicUrl}` : "quick tunnel";
  // cloudflared masks the token in its own logs; whatever it quotes back is masked here too.
  const say = (status: TunnelStatus): void =>
    report({ ...status, message: named ? redact(status.message, [named.token]) : status.message });
  supervisor.on("starting", ({ restart }) =>
    say({
      status: "starting",
      publicUrl: null,
      message: restart ? `restarting the cloudflared ${kind}` : `starting a cloudflared ${kind}`,
    }),
  );
  supervisor.on("up", ({ url, previousUrl }) => {
    const status: TunnelStatus = {
      status: "up",
      publicUrl: url,
      message: previousUrl
        ? `tunnel restarted with a NEW public URL ${url} (was ${previousUrl}): update the webhook URL in your provider's dashboard`
        : `tunnel up: ${url} -> ${localUrl}${named ? " (named tunnel: the URL stays across restarts)" : ""}`,
    };
    if (previousUrl) status.previousUrl = previousUrl;
    say(status);
  });
  supervisor.on("down", ({ message, retryInMs }) =>
    say({
      status: "down",
      publicUrl: null,
      message: `tunnel down: ${message}; restarting in ${seconds(retryInMs)}`,
      retryInMs,
    }),
  );
  supervisor.on("failed", ({ message, retryInMs }) => {
    const status: TunnelStatus = {
      status: "error",
      publicUrl: null,
      message: `tunnel could not start: ${message}; still listening locally at ${localUrl}${retryInMs === null ? "" : `, retrying in ${seconds(retryInMs)}`}`,
    };
    if (retryInMs !== null) status.retryInMs = retryInMs;
    say(status);
  });
  return {
    started: supervisor.start().then(() => undefined),
    close: () => supervisor.close(),
  };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
