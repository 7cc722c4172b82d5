import chalk from "chalk";
import type { ListenSummary } from "../listener/listen-session.js";
import { redact } from "../util/secrets.js";
import { printJson, printLine } from "./out.js";
import { printable } from "./printable.js";

/**
 * The closing summary, with what did arrive when `--expect` was not met. `secrets` are masked in
 * what the requests sent (path, event type, the signature's reason).
 */
export function renderListenSummary(
  summary: ListenSummary,
  { json, secrets = [] }: { json: boolean; secrets?: readonly string[] },
): void {
  const recent = summary.recent.map((brief) => {
    const shown = {
      ...brief,
      path: redact(brief.path, secrets),
      reason: redact(brief.reason, secrets),
    };
    if (brief.eventType !== undefined) shown.eventType = redact(brief.eventType, secrets);
    return shown;
  });
  if (json) printJson({ type: "summary", ...summary, recent });
  else printHuman({ ...summary, recent });
}

function printHuman(summary: ListenSummary): void {
  const counts = Object.entries(summary.signatures)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`);
  const extra = [
    summary.duplicates > 0 ? `${summary.duplicates} duplicate(s)` : "",
    summary.forwardErrors > 0 ? `${summary.forwardErrors} not forwarded` : "",
    summary.redelivered ? `${summary.redelivered} held and redelivered since` : "",
    summary.filtered > 0
      ? `${summary.filtered} filtered out by --events (stored, not counted)`
      : "",
    summary.notStored > 0 ? `${summary.notStored} not stored (answered 500)` : "",
    summary.aborted > 0 ? `${summary.aborted} cut off mid-body (stored, not counted)` : "",
    summary.afterExpect ? `${summary.afterExpect} more while it stopped (stored, not counted)` : "",
  ].filter(Boolean);
  const why =
    summary.reason === "expect"
      ? `${summary.requests} of ${summary.expected} expected request(s) arrived`
      : summary.reason === "timeout"
        ? "time is up"
        : "stopped";
  printLine();
  printLine(
    `${chalk.bold(why)}: ${summary.requests} request(s)${counts.length ? ` (${counts.join(", ")})` : ""}${
      extra.length ? `, ${extra.join(", ")}` : ""
    }; stored in ${summary.store}`,
  );
  if (!summary.met) {
    printLine(chalk.red(`✘ ${unmetReason(summary)}`));
    for (const brief of summary.recent) {
      const event = [brief.provider, brief.eventType].filter(Boolean).join(" ");
      const signature =
        brief.signature === "valid" ? brief.signature : `${brief.signature}: ${brief.reason}`;
      // Everything but the id and status came from the request.
      const request = printable(`${brief.method} ${brief.path}  ${event}  ${signature}`);
      printLine(`  ${brief.id}  ${request}  -> ${brief.status}`);
    }
  }
}

/** Why `--expect` was not met, in one line. */
export function unmetReason(summary: ListenSummary): string {
  const expected = summary.expected ?? 0;
  const stored = summary.requests - summary.notStored;
  const notValid = summary.requests - summary.signatures.valid;
  // --expect ends early only when one is not valid (a secret being known).
  if (summary.reason !== "expect" && stored < expected) {
    const notStored = summary.notStored > 0 ? ` (and ${summary.notStored} not stored)` : "";
    const when = summary.reason === "timeout" ? "before the timeout" : "before it was stopped";
    return `expected ${expected} request(s), ${stored} arrived ${when}${notStored}`;
  }
  return `${notValid} of ${summary.requests} request(s) had no valid signature`;
}
