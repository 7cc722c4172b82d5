import type { Command } from "commander";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { CheckFailed, UsageError } from "../errors.js";
import { collect } from "../util/input.js";

/**
 * `hooks verify`'s flags as data: commander builds its help and parser from this table, and the
 * commander-free fast path (parseVerifyArgs, below) builds a node:util parseArgs config from it.
 * Both live in this one file because every module costs verify's cold start ~0.7 ms.
 */
export interface FlagSpec {
  name: string;
  /** Placeholder of the value; absent for boolean flags. */
  value?: string;
  repeatable?: boolean;
  description: string;
}

export const VERIFY_FLAGS: readonly FlagSpec[] = [
  {
    name: "provider",
    value: "<id>",
    description:
      "provider id; else detected from the headers, else HOOKS_PROVIDER or the profile's",
  },
  {
    name: "secret",
    value: "<s>",
    repeatable: true,
    description: "secret; repeat for key rotation (or HOOKS_SECRET, or the profile's)",
  },
  {
    name: "secret-file",
    value: "<path|->",
    description: "read the secret from a file, one a line (key rotation), or - for stdin",
  },
  { name: "payload", value: "<file|->", description: "raw body as received; - reads stdin" },
  {
    name: "header",
    value: "<header>",
    repeatable: true,
    description: 'a received header, "Name: value"; repeatable',
  },
  { name: "signature", value: "<value>", description: "the provider's main signature header" },
  { name: "url", value: "<url>", description: "notification URL (Square signs it with the body)" },
  { name: "now", value: "<unix-seconds>", description: "verify as of this instant" },
  {
    name: "tolerance",
    value: "<seconds>",
    description: "override the provider's timestamp tolerance",
  },
  {
    name: "explain",
    description: "on failure, try the usual mistakes and name the one that matches",
  },
  {
    name: "request",
    value: "<file>",
    description: "a captured request (hooks events show <id> --json)",
  },
  { name: "json", description: 'machine output: {"valid":bool,"provider":"<id>","reason":"..."}' },
];

export interface VerifyFlags {
  provider?: string;
  secret?: string[];
  secretFile?: string;
  payload?: string;
  header?: string[];
  signature?: string;
  url?: string;
  now?: string;
  tolerance?: string;
  explain?: boolean;
  request?: string;
  json?: boolean;
  profile?: string | undefined;
}

/**
 * Parses `hooks verify` arguments without commander, from the same table: loading commander
 * costs about a fifth of node's own start-up, and verify's cold start must stay within 1.3x of
 * `node -e 0` (npm run bench). `--help` still goes through commander.
 */
export function parseVerifyArgs(args: string[]): VerifyFlags {
  const options: NonNullable<ParseArgsConfig["options"]> = { profile: { type: "string" } };
  for (const flag of VERIFY_FLAGS) {
    options[flag.name] = flag.value
      ? { type: "string", multiple: flag.repeatable ?? false }
      : { type: "boolean" };
  }
  try {
    const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
    // Commander's names: `--secret-file` is `secretFile`.
    const flags: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(values)) {
      flags[name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())] = value;
    }
    return flags as VerifyFlags;
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]} (see hooks verify --help)`);
  }
}

export function defineVerify(program: Command): void {
  const command = program
    .command("verify")
    .description("check a webhook signature and say why it fails");
  for (const flag of VERIFY_FLAGS) {
    const spec = flag.value ? `--${flag.name} ${flag.value}` : `--${flag.name}`;
    if (flag.repeatable) command.option(spec, flag.description, collect);
    else command.option(spec, flag.description);
  }
  command.action(async (flags: VerifyFlags, self: Command) => {
    await verifyAndRender({ ...flags, profile: self.optsWithGlobals<VerifyFlags>().profile });
  });
}

/**
 * `hooks verify`, shared by the commander action and the fast path in src/cli.ts: settings from
 * the one resolver, the check in src/signing, the output in src/render; an invalid signature is
 * exit 1, decided here once it has been printed.
 */
export async function verifyAndRender(flags: VerifyFlags): Promise<void> {
  const { resolveSigningSettings } = await import("../config/resolve.js");
  const settings = await resolveSigningSettings(flags);
  const { verifyFromInputs } = await import("../signing/verify-from-inputs.js");
  const outcome = await verifyFromInputs({
    settings,
    payload: flags.payload,
    headers: flags.header,
    signature: flags.signature,
    url: flags.url,
    now: flags.now,
    tolerance: flags.tolerance,
    explain: flags.explain,
    request: flags.request,
  });
  const { renderVerify } = await import("../render/verify.js");
  renderVerify(outcome, { json: Boolean(flags.json) });
  if (!outcome.valid) throw new CheckFailed(outcome.reason, true);
}
