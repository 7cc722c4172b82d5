import type { Command } from "commander";
import { CheckFailed } from "../errors.js";

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
      const { renderTunnelInstall, showInstallProgress } =
        await import("../render/tunnel-install.js");
      const { describeInstallFailure, installCloudflared } =
        await import("../tunnel/install-cloudflared.js");
      const json = Boolean(flags.json);
      const progress = showInstallProgress({ json });
      const result = await installCloudflared({
        to: flags.to,
        onProgress: (received, total) => progress.update(received, total),
      })
        .catch((error: unknown) => {
          throw new CheckFailed(describeInstallFailure(error));
        })
        .finally(() => progress.stop());
      renderTunnelInstall(result, { json });
    });
}
