import { failureCount, redactReport, type RunReport } from "./run-report.js";
import { printable } from "./printable.js";

// GitHub Actions' side of a report: one `::error` workflow command per failure, and a Markdown
// table for the job's summary page ($GITHUB_STEP_SUMMARY).
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands

/** GitHub shows 10 error annotations a step; a few more go to the log, the rest are counted. */
export const ANNOTATION_LIMIT = 50;
/** Rows of failures in the step summary (GitHub takes up to 1 MiB a step). */
export const SUMMARY_ROWS = 100;

/** A command's message: `%`, CR and LF percent-encoded, so one failure stays one line. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A command's property (`title=`): as data, plus `:` and `,`, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * `::error title=<classname name>::<message>` a failure. Line breaks are encoded first, then the
 * other control characters (a request's ESC) shown escaped, so no text from the network can start
 * a workflow command of its own or move a terminal's cursor.
 */
export function annotationLines(report: RunReport, secrets: readonly string[] = []): string[] {
  const failed = redactReport(report, secrets).cases.filter((one) => one.failure !== undefined);
  const lines = failed.slice(0, ANNOTATION_LIMIT).map((one) => {
    const title = printable(escapeProperty(`${one.classname} ${one.name}`));
    return `::error title=${title}::${printable(escapeData(one.failure?.message ?? "failed"))}`;
  });
  if (failed.length > ANNOTATION_LIMIT) {
    const more = failed.length - ANNOTATION_LIMIT;
    lines.push(
      `::error title=${escapeProperty(report.name)}::${more} more failure(s); the step summary and the JUnit report list them`,
    );
  }
  return lines;
}

/** A Markdown table cell: no `|` or line break may end the cell, and no HTML is let through. */
export function markdownCell(text: string): string {
  return printable(
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/\\/g, "\\\\")
      .replace(/\|/g, "\\|")
      .replace(/`/g, "\\`")
      .replace(/\r\n|\r|\n/g, "<br>"),
  );
}

/** The step summary: counts, then one row per failure. */
export function stepSummary(report: RunReport, secrets: readonly string[] = []): string {
  const shown = redactReport(report, secrets);
  const failures = failureCount(shown);
  const passed = shown.cases.length - failures;
  const lines = [
    `### ${markdownCell(shown.name)}`,
    "",
    "| Passed | Failed | Total |",
    "| ---: | ---: | ---: |",
    `| ${passed} | ${failures} | ${shown.cases.length} |`,
    "",
  ];
  const failed = shown.cases.filter((one) => one.failure !== undefined);
  if (failed.length > 0) {
    lines.push("| Test | Failure | Type |", "| --- | --- | --- |");
    for (const one of failed.slice(0, SUMMARY_ROWS)) {
      const test = markdownCell(`${one.classname} ${one.name}`);
      lines.push(
        `| ${test} | ${markdownCell(one.failure?.message ?? "")} | ${markdownCell(one.failure?.type ?? "")} |`,
      );
    }
    if (failed.length > SUMMARY_ROWS) {
      lines.push("", `… and ${failed.length - SUMMARY_ROWS} more failure(s), in the JUnit report.`);
    }
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}
