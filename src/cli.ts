import { Cancelled, CheckFailed, EXIT, UsageError } from "./errors.js";

/**
 * The entry point and the one place where errors become exit codes (README, "Exit codes").
 * Commander and every command's core are imported lazily: `hooks verify` runs in scripts and CI
 * loops, so it takes a commander-free path (parseVerifyArgs) with the same flag table, which the
 * build bundles into dist/cli.js itself (scripts/bundle-cli.js). Every command, on that path or
 * not, throws the classes of the one dist/errors.js, so errors are told apart by class.
 * Commands are registered in src/program.ts.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    const args = argv.slice(2);
    if (args[0] === "verify" && !args.some((arg) => arg === "--help" || arg === "-h")) {
      const { parseVerifyArgs, verifyAndRender } = await import("./commands/verify.js");
      await verifyAndRender(parseVerifyArgs(args.slice(1)));
    } else {
      stopQuietlyWhenStdoutCloses();
      const { buildProgram } = await import("./program.js");
      await buildProgram().parseAsync(argv);
    }
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}

/**
 * A reader that goes away (`hooks listen --json | head -1`) is the end of the output, not a crash:
 * stop as a shell tool would on SIGPIPE. Not on verify's path, which never builds process.stdout.
 */
function stopQuietlyWhenStdoutCloses(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(typeof process.exitCode === "number" ? process.exitCode : EXIT.ok);
  });
}

function reportError(error: unknown): number {
  const err = error as {
    name?: string;
    code?: string;
    exitCode?: unknown;
    reported?: boolean;
    helpCommand?: string;
  };
  if (typeof err?.code === "string" && err.code.startsWith("commander.")) {
    // --help and --version end through here too, with exit code 0.
    if (err.exitCode === 0) return EXIT.ok;
    // One line: commander puts its "(Did you mean …?)" on a second one.
    const message = (error as Error).message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ");
    process.stderr.write(`hooks: ${message} (see ${err.helpCommand ?? "hooks"} --help)\n`);
    return EXIT.usage;
  }
  if (error instanceof UsageError || error instanceof Cancelled) {
    process.stderr.write(`hooks: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof CheckFailed) {
    if (!error.reported) process.stderr.write(`hooks: ${error.message}\n`);
    return error.exitCode;
  }
  if (err?.name === "ExitPromptError") {
    process.stderr.write("cancelled\n");
    return EXIT.cancelled;
  }
  // A bug, not a user error: keep the stack so it can be reported.
  process.stderr.write(`hooks: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  return EXIT.internal;
}

process.exitCode = await main(process.argv);
