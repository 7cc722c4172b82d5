import type { VerifyOutcome } from "../signing/verify-request.js";
import { printable } from "./printable.js";
import { fstatSync, writeSync } from "node:fs";
import { inspect } from "node:util";

/** Prints a verification; the command decides the exit code. */
export function renderVerify(outcome: VerifyOutcome, { json }: { json: boolean }): void {
  writeStdoutNow(json ? `${JSON.stringify(outcome)}\n` : verifyText(outcome));
}

function verifyText(outcome: VerifyOutcome): string {
  const verdict = outcome.valid ? paint("green", "✔ valid") : paint("red", "✘ invalid");
  // A reason may quote a header of a captured request (`--request`): a sender's bytes. Bundled
  // into dist/cli.js with the rest of verify's path, printable.ts costs no module load.
  const lines = [
    `${verdict} ${paint("dim", `(${outcome.provider})`)} ${printable(outcome.reason)}`,
  ];
  const explanation = outcome.explanation;
  if (explanation?.matched) {
    lines.push(`  ${paint("yellow", "→ likely cause:")} ${printable(explanation.matched)}`);
  } else if (explanation) {
    lines.push(
      `  ${paint("dim", `none of ${explanation.tried} usual mistakes would have matched: check the secret and that the body is the exact bytes received`)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

// The helpers below serve only `hooks verify`, whose start-up budget (1.3x of `node -e 0`) has
// no room for chalk, process.stdout or even one more module: they live here, not in out.ts.

/**
 * Writes a short text to stdout without creating `process.stdout`, whose first use builds a
 * stream (a net.Socket on a pipe) that costs milliseconds: `hooks verify` prints one line and
 * exits, within a start-up budget. Falls back to the stream if fd 1 is non-blocking and full.
 */
function writeStdoutNow(text: string): void {
  const bytes = Buffer.from(text);
  let offset = 0;
  try {
    while (offset < bytes.length) offset += writeSync(1, bytes, offset);
  } catch (error) {
    // A reader that went away (`| head -0`) gets nothing more; a full non-blocking pipe waits.
    if ((error as NodeJS.ErrnoException).code === "EPIPE") return;
    process.stdout.write(bytes.subarray(offset));
  }
}

type Style = "green" | "red" | "yellow" | "dim";

/**
 * A few colours for the start-up-critical path (`hooks verify`, `hooks sign`), where importing
 * chalk would cost more than the whole verification. Same rules as chalk's supports-color:
 * FORCE_COLOR wins, then NO_COLOR, then whether the output is a colour terminal.
 */
function colorEnabled(fd = 1): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (process.env.NO_COLOR) return false;
  return isTerminal(fd) && process.env.TERM !== "dumb";
}

/**
 * Whether fd is a terminal, without node:tty, which loads node:net and costs verify's start-up
 * more than a millisecond: a terminal is a character device. /dev/null is one too, and colour
 * sent there harms nobody; pipes and files are not.
 */
function isTerminal(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}

/**
 * Node's own ANSI codes (util.inspect.colors). Not util.styleText: in Node 20 it reads
 * process.stdout to decide on colour, building the stream (and node:tty on a terminal).
 */
function paint(style: Style, text: string, fd?: number): string {
  if (!colorEnabled(fd)) return text;
  const [open, close] = inspect.colors[style] ?? [0, 0];
  return `\x1b[${open}m${text}\x1b[${close}m`;
}
