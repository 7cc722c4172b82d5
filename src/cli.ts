import { Command, CommanderError } from "commander";
import { EXIT } from "./errors.js";
import { defineProviders } from "./commands/providers.js";
import { defineSign } from "./commands/sign.js";
import { defineVerify } from "./commands/verify.js";

/**
 * Builds the program. Command files only declare flags; each action imports its core lazily so
 * that `hooks verify` never loads undici, inquirer, ora, conf or the tunnel.
 */
export function buildProgram(): Command {
  const program = new Command("hooks")
    .description("Set up webhooks and test them locally: listen, send, sign and verify.")
    .version(VERSION, "-v, --version")
    .option("--profile <name>", "saved profile to use (or HOOKS_PROFILE)")
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  for (const define of [defineProviders, defineSign, defineVerify]) define(program);
  for (const command of program.commands)
    command.exitOverride().configureOutput({ outputError: () => {} });
  return program;
}

const VERSION = "0.1.0";

/** The one place where errors become exit codes (../shared/CONTRACT.md, "Exit codes"). */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end through here too, with exit code 0.
    if (error.exitCode === 0) return EXIT.ok;
    process.stderr.write(`hooks: ${error.message.replace(/^error: /, "")} (see hooks --help)\n`);
    return EXIT.usage;
  }
  const exitCode = (error as { exitCode?: unknown } | null)?.exitCode;
  if (error instanceof Error && typeof exitCode === "number") {
    if (!(error as { reported?: boolean }).reported) {
      process.stderr.write(`hooks: ${error.message}\n`);
    }
    return exitCode;
  }
  if (error instanceof Error && error.name === "ExitPromptError") {
    process.stderr.write("cancelled\n");
    return EXIT.cancelled;
  }
  // A bug, not a user error: keep the stack so it can be reported.
  process.stderr.write(`hooks: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  return 70;
}

process.exitCode = await main(process.argv);
