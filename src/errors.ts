/**
 * Typed errors: commands throw them, src/cli.ts is the one place that turns them into exit codes
 * (the README's "Exit codes" table lists them).
 */
export const EXIT = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  /** A bug in hooks (an error nobody expected), reported with its stack: EX_SOFTWARE of sysexits.h. */
  internal: 70,
  cancelled: 130,
} as const;

/** The input was wrong: unknown provider, missing secret, unreadable file, bad flag. Exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
  readonly exitCode = EXIT.usage;
}

/** A check failed: invalid signature, failed delivery, unmet expectation. Exit 1. */
export class CheckFailed extends Error {
  override name = "CheckFailed";
  readonly exitCode = EXIT.checkFailed;
  /** When true the command already printed everything the user needs; cli.ts adds nothing. */
  constructor(
    message: string,
    readonly reported = false,
  ) {
    super(message);
  }
}

/** The user pressed Ctrl-C at a prompt. Exit 130. */
export class Cancelled extends Error {
  override name = "Cancelled";
  readonly exitCode = EXIT.cancelled;
  constructor() {
    super("cancelled");
  }
}
