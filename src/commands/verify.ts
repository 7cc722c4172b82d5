import type { Command } from "commander";
import { collect } from "../util/input.js";

export interface VerifyFlags {
  provider?: string;
  secret?: string[];
  payload?: string;
  header?: string[];
  signature?: string;
  url?: string;
  now?: string;
  tolerance?: string;
  explain?: boolean;
  request?: string;
  json?: boolean;
}

export function defineVerify(program: Command): void {
  program
    .command("verify")
    .description("check a webhook signature and say why it fails")
    .option("--provider <id>", "provider id; detected from the headers when left out")
    .option(
      "--secret <s>",
      "secret; repeat for key rotation (or HOOKS_SECRET, or the profile's)",
      collect,
    )
    .option("--payload <file|->", "raw body as received; - reads stdin")
    .option("--header <header>", 'a received header, "Name: value"; repeatable', collect)
    .option("--signature <value>", "the provider's main signature header")
    .option("--url <url>", "notification URL (Square signs it with the body)")
    .option("--now <unix-seconds>", "verify as of this instant")
    .option("--tolerance <seconds>", "override the provider's timestamp tolerance")
    .option("--explain", "on failure, try the usual mistakes and name the one that matches")
    .option("--request <file>", "a captured request (hooks events show <id> --json)")
    .option("--json", 'machine output: {"valid":bool,"provider":"<id>","reason":"..."}')
    .action(async (flags: VerifyFlags, command: Command) => {
      const { verifyFromFlags } = await import("../signing/verify-flags.js");
      const { renderVerify } = await import("../render/signing.js");
      const outcome = await verifyFromFlags(flags, command.optsWithGlobals().profile);
      renderVerify(outcome, { json: Boolean(flags.json) });
    });
}
