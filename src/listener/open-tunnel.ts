import type { TunnelStatus } from "../tunnel/tunnel-status.js";

/** The listener's view of its tunnel: when the first start settled, and how to stop it. */
export interface TunnelHandle {
  /** Resolves once the first start succeeded or failed (the listener is ready either way). */
  started: Promise<void>;
  close(): Promise<void>;
}

/**
 * Finds cloudflared and keeps a quick tunnel to `localUrl` up, reporting every change through
 * `report`. A missing binary is reported once and the listener stays local.
 */
export async function openTunnel(
  localUrl: string,
  report: (status: TunnelStatus) => void,
): Promise<TunnelHandle> {
  const { findCloudflared } = await import("../tunnel/find-cloudflared.js");
  const { defaultCloudflaredPath } = await import("../tunnel/install-cloudflared.js");
  const lookup = findCloudflared(await defaultCloudflaredPath());
  if (!lookup.found) {
    report({ status: "error", publicUrl: null, message: lookup.message });
    return { started: Promise.resolve(), close: async () => {} };
  }
  const { TunnelSupervisor } = await import("../tunnel/tunnel-supervisor.js");
  const supervisor = new TunnelSupervisor(localUrl, { bin: lookup.path });
  supervisor.on("starting", ({ restart }) =>
    report({
      status: "starting",
      publicUrl: null,
      message: restart
        ? "restarting the cloudflared quick tunnel"
        : "starting a cloudflared quick tunnel",
    }),
  );
  supervisor.on("up", ({ url, previousUrl }) => {
    const status: TunnelStatus = {
      status: "up",
      publicUrl: url,
      message: previousUrl
        ? `tunnel restarted with a NEW public URL ${url} (was ${previousUrl}): update the webhook URL in your provider's dashboard`
        : `tunnel up: ${url} -> ${localUrl}`,
    };
    if (previousUrl) status.previousUrl = previousUrl;
    report(status);
  });
  supervisor.on("down", ({ message, retryInMs }) =>
    report({
      status: "down",
      publicUrl: null,
      message: `tunnel down: ${message}; restarting in ${seconds(retryInMs)}`,
      retryInMs,
    }),
  );
  supervisor.on("failed", ({ message, retryInMs }) =>
    report({
      status: "error",
      publicUrl: null,
      message: `tunnel could not start: ${message}; still listening locally at ${localUrl}, retrying in ${seconds(retryInMs)}`,
      retryInMs,
    }),
  );
  return {
    started: supervisor.start().then(() => undefined),
    close: () => supervisor.close(),
  };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
