import chalk from "chalk";
import type { InstallResult } from "../tunnel/install-cloudflared.js";
import { printJson, printLine } from "./out.js";

export interface Progress {
  stop(): void;
}

/** A spinner on stderr while cloudflared downloads, on a TTY and without --json only. */
export async function showInstallProgress({ json }: { json: boolean }): Promise<Progress> {
  if (json || !process.stderr.isTTY) return { stop: () => {} };
  const { default: ora } = await import("ora");
  return ora({ text: "Downloading cloudflared…", stream: process.stderr }).start();
}

/** Says where the binary went. */
export function renderTunnelInstall(result: InstallResult, { json }: { json: boolean }): void {
  if (json) return printJson(result);
  printLine(
    `${chalk.green("✔")} cloudflared ${result.version ?? ""} installed at ${result.path}`.replace(
      "  ",
      " ",
    ),
  );
}
