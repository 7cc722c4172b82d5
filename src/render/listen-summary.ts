import chalk from "chalk";
import type { ListenSummary } from "../listener/listen-session.js";
import { printJson, printLine } from "./out.js";

/** The closing summary, with what did arrive when `--expect` was not met. */
export function renderListenSummary(summary: ListenSummary, { json }: { json: boolean }): void {
  if (json) printJson({ type: "summary", ...summary });
  else printHuman(summary);
}

function printHuman(summary: ListenSummary): void {
  const counts = Object.entries(summary.signatures)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`);
  const extra = [
    summary.duplicates > 0 ? `${summary.duplicates} duplicate(s)` : "",
    summary.forwardErrors > 0 ? `${summary.forwardErrors} not forwarded` : "",
    summary.aborted > 0 ? `${summary.aborted} cut off mid-body (stored, not counted)` : "",
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
      printLine(
        `  ${brief.id}  ${brief.method} ${brief.path}  ${event}  ${signature}  -> ${brief.status}`,
      );
    }
  }
}

/** Why `--expect` was not met, in one line. */
export function unmetReason(summary: ListenSummary): string {
  const expected = summary.expected ?? 0;
  if (summary.requests < expected) {
    return `expected ${expected} request(s), ${summary.requests} arrived before the timeout`;
  }
  const notValid = summary.requests - summary.signatures.valid;
  return `${notValid} of ${summary.requests} request(s) had no valid signature`;
}
