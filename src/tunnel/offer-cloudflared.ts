import type { OnProgress } from "./download-cloudflared.js";
import { NPM_SKIPPED } from "./find-cloudflared.js";
import {
  describeInstallFailure,
  installCloudflared,
  type InstallOptions,
  type InstallResult,
} from "./install-cloudflared.js";

/**
 * What `hooks listen` does when cloudflared is missing and someone is at the terminal: the path it
 * may now run, or why the tunnel stays off (one line).
 */
export type ObtainCloudflared = (
  installTo: string,
) => Promise<{ path: string } | { message: string }>;

/** The terminal's part: a notice, a yes/no question, a progress bar and the result line. */
export interface OfferUi {
  notice(lines: string[]): void;
  /** Resolves false when declined (or cancelled: the UI handles Ctrl-C). */
  confirm(question: string): Promise<boolean>;
  progress(): { update: OnProgress; stop(): void };
  installed(result: InstallResult): void;
}

export const CLOUDFLARE_LICENSE =
  "https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/license/";

/**
 * Only a person can answer: stdin and stdout a terminal, no --json (a program reads stdout), and
 * not under CI, whose runners may hand a job a pseudo-terminal but never a person to answer it.
 */
export function mayOffer(context: {
  stdinTTY: boolean | undefined;
  stdoutTTY: boolean | undefined;
  json: boolean;
  env?: NodeJS.ProcessEnv;
}): boolean {
  const ci = (context.env ?? process.env).CI;
  const underCi = ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
  return Boolean(context.stdinTTY && context.stdoutTTY) && !context.json && !underCi;
}

/**
 * Offers to download cloudflared to `installTo` (as unjs/untun does: the notice, then a question
 * whose default is yes), then downloads it with a progress bar. A no or a failed download is a
 * message, and the listener goes on locally.
 */
export async function offerCloudflared(
  installTo: string,
  ui: OfferUi,
  install: (options: InstallOptions) => Promise<InstallResult> = installCloudflared,
): Promise<{ path: string } | { message: string }> {
  ui.notice([
    `cloudflared, which opens the public tunnel, is not installed (${NPM_SKIPPED}).`,
    `hooks can download it from github.com/cloudflare/cloudflared/releases to ${installTo};`,
    `installing it means accepting Cloudflare's license: ${CLOUDFLARE_LICENSE}`,
  ]);
  if (!(await ui.confirm("Download cloudflared now?"))) {
    return {
      message:
        "tunnel not started: cloudflared not downloaded; run `hooks tunnel install` to get it, or pass --tunnel none",
    };
  }
  const progress = ui.progress();
  try {
    const result = await install({ to: installTo, onProgress: progress.update });
    progress.stop();
    ui.installed(result);
    return { path: result.path };
  } catch (error) {
    progress.stop();
    return { message: `tunnel not started: ${describeInstallFailure(error)}` };
  }
}
