import chalk from "chalk";
import type { InstallResult } from "../tunnel/install-cloudflared.js";
import { printJson, printLine } from "./out.js";

export interface Progress {
  /** Bytes so far and the whole size, null when the server does not say. */
  update(received: number, total: number | null): void;
  stop(): void;
}

const WIDTH = 24;
/** Redraws at most this often: a download is thousands of chunks. */
const EVERY_MS = 80;

/** `Downloading cloudflared [██████░░░░…]  45%  16.2 of 36.0 MB`, or bytes alone without a size. */
export function formatProgress(received: number, total: number | null): string {
  const mb = (bytes: number): string => (bytes / 1_000_000).toFixed(1);
  if (total === null) return `Downloading cloudflared… ${mb(received)} MB`;
  const share = Math.min(1, received / total);
  const filled = Math.round(share * WIDTH);
  const bar = `${"█".repeat(filled)}${chalk.dim("░".repeat(WIDTH - filled))}`;
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  return `Downloading cloudflared [${bar}] ${percent}  ${mb(received)} of ${mb(total)} MB`;
}

/** A progress bar on stderr while cloudflared downloads, on a TTY and without --json only. */
export function showInstallProgress(
  { json }: { json: boolean },
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (json || !stream.isTTY) return { update: () => {}, stop: () => {} };
  let last = 0;
  let drawn = false;
  const draw = (text: string): void => {
    stream.write(`\r\x1b[2K${text}`);
    drawn = true;
  };
  return {
    update(received, total) {
      const now = Date.now();
      if (now - last < EVERY_MS && received !== total) return;
      last = now;
      draw(formatProgress(received, total));
    },
    stop() {
      if (drawn) stream.write("\r\x1b[2K");
      drawn = false;
    },
  };
}

/** Says where the binary went. */
export function renderTunnelInstall(result: InstallResult, { json }: { json: boolean }): void {
  if (json) return printJson(result);
  printLine(formatInstalled(result));
}

/** `✔ cloudflared 2024.8.2 installed at <path>`. */
export function formatInstalled(result: InstallResult): string {
  const version = result.version ? ` ${result.version}` : "";
  return `${chalk.green("✔")} cloudflared${version} installed at ${result.path}`;
}
