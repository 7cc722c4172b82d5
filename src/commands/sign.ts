import type { Command } from "commander";
import { collect } from "../util/input.js";

interface SignFlags {
  provider?: string;
  secret?: string[];
  secretFile?: string;
  payload?: string;
  url?: string;
  id?: string;
  timestamp?: string;
  json?: boolean;
  showSecret?: boolean;
}

export function defineSign(program: Command): void {
  program
    .command("sign")
    .description("print the headers a provider would send with a payload")
    .option("--provider <id>", "provider id (see `hooks providers`)")
    .option("--secret <s>", "signing secret (or HOOKS_SECRET, or the profile's)", collect)
    .option(
      "--secret-file <path|->",
      "read the secret from a file, one a line (key rotation), or - for stdin",
    )
    .option("--payload <file|->", "raw body to sign; - reads stdin")
    .option("--url <url>", "notification URL (Square signs it with the body)")
    .option("--id <id>", "message id, where the scheme has one (deterministic output)")
    .option("--timestamp <unix-seconds>", "signing time (deterministic output)")
    .option("--show-secret", "print a header that is the secret itself (Clover) whole, for curl")
    .option("--json", 'machine output: {"headers":{...}}')
    .action(async (flags: SignFlags, command: Command) => {
      const { signRequest } = await import("../signing/sign-request.js");
      const { renderHeaders } = await import("../render/sign.js");
      const headers = await signRequest({ ...flags, profile: command.optsWithGlobals().profile });
      // Where the secret came from decides whether `$HOOKS_SECRET` can stand in for it.
      const secretInEnv =
        flags.secret === undefined &&
        flags.secretFile === undefined &&
        Boolean(process.env.HOOKS_SECRET);
      renderHeaders(headers, { json: Boolean(flags.json), secretInEnv });
    });
}
