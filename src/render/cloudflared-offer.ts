import chalk from "chalk";
import type { ObtainCloudflared, OfferUi } from "../tunnel/offer-cloudflared.js";
import { formatInstalled, showInstallProgress } from "./tunnel-install.js";

/**
 * `hooks listen`'s offer to download cloudflared, at the terminal: the notice dimmed on stdout
 * with the listener's lines, an inquirer yes/no question (default yes), the download's bar on
 * stderr.
 */
export function terminalOfferUi(stream: NodeJS.WriteStream = process.stdout): OfferUi {
  return {
    notice: (lines) => void stream.write(`${lines.map((line) => chalk.dim(line)).join("\n")}\n`),
    async confirm(question) {
      const { confirm } = await import("@inquirer/prompts");
      try {
        return await confirm({ message: question, default: true }, { output: stream });
      } catch (error) {
        if ((error as Error | null)?.name !== "ExitPromptError") throw error;
        // Inquirer reads keys raw, so Ctrl-C reached it instead of raising SIGINT: raise it, so
        // that the listener stops as Ctrl-C always stops it.
        process.kill(process.pid, "SIGINT");
        return false;
      }
    },
    progress: () => showInstallProgress({ json: false }),
    installed: (result) => void stream.write(`${formatInstalled(result)}\n`),
  };
}

/** The offer for `hooks listen`, or undefined off a terminal, where nobody could answer. */
export async function cloudflaredOffer(json: boolean): Promise<ObtainCloudflared | undefined> {
  const { mayOffer, offerCloudflared } = await import("../tunnel/offer-cloudflared.js");
  const context = { stdinTTY: process.stdin.isTTY, stdoutTTY: process.stdout.isTTY, json };
  if (!mayOffer(context)) return undefined;
  return (installTo) => offerCloudflared(installTo, terminalOfferUi());
}
