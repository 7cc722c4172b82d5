import type { Command } from "commander";

export function defineTunnel(program: Command): void {
  const tunnel = program
    .command("tunnel")
    .description("the cloudflared binary behind hooks listen");
  tunnel
    .command("install")
    .description("download cloudflared (from its GitHub releases) to where hooks listen looks")
    .option("--to <path>", "install somewhere else (then set CLOUDFLARED_BIN to it)")
    .option("--json", 'machine output: {"path":"...","version":"..."}')
    .action(async (flags: { to?: string; json?: boolean }) => {
      const { renderTunnelInstall } = await import("../render/listen-tunnel.js");
      const { installCloudflared } = await import("../tunnel/install-cloudflared.js");
      await renderTunnelInstall(() => installCloudflared(flags.to), { json: Boolean(flags.json) });
    });
}
