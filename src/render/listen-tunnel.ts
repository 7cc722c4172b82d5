import chalk from "chalk";
import { CheckFailed } from "../errors.js";
import type { InstallResult } from "../tunnel/install-cloudflared.js";
import { printJson, printLine } from "./out.js";

/** Runs an install behind a spinner (on a TTY) and says where the binary went. */
export async function renderTunnelInstall(
  install: () => Promise<InstallResult>,
  { json }: { json: boolean },
): Promise<void> {
  const spinner =
    !json && process.stderr.isTTY
      ? (await import("ora"))
          .default({ text: "Downloading cloudflared…", stream: process.stderr })
          .start()
      : undefined;
  let result: InstallResult;
  try {
    result = await install();
  } catch (error) {
    spinner?.stop();
    throw new CheckFailed(
      `could not download cloudflared: ${(error as Error).message}; check the network, or install it yourself (https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/) and set CLOUDFLARED_BIN`,
    );
  }
  spinner?.stop();
  if (json) return printJson(result);
  printLine(
    `${chalk.green("✔")} cloudflared ${result.version ?? ""} installed at ${result.path}`.replace(
      "  ",
      " ",
    ),
  );
}
