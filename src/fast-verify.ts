import { parseArgs, type ParseArgsConfig } from "node:util";
import { VERIFY_FLAGS, type VerifyFlags } from "./commands/verify-flags.js";
import { UsageError } from "./errors.js";
import { verifyAndRender } from "./signing/verify-and-render.js";

/**
 * `hooks verify` without commander: loading commander costs about as much as a fifth of node's
 * own start-up, and verify's cold start must stay within 1.3x of `node -e 0` (npm run bench).
 * The flags come from the same table as the commander definition, so help and parsing agree.
 */
export async function runFastVerify(args: string[]): Promise<void> {
  const options: NonNullable<ParseArgsConfig["options"]> = { profile: { type: "string" } };
  for (const flag of VERIFY_FLAGS) {
    options[flag.name] = flag.value
      ? { type: "string", multiple: flag.repeatable ?? false }
      : { type: "boolean" };
  }
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]} (see hooks verify --help)`);
  }
  await verifyAndRender(values as VerifyFlags);
}
