import { appendFileSync } from "node:fs";
import { describeFileError } from "../util/file-error.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { annotationLines, stepSummary } from "./github-actions.js";
import { buildJunit } from "./junit.js";
import { printLine } from "./out.js";
import type { RunReport } from "./run-report.js";

export interface PublishOptions {
  /** `--junit <file>`. */
  junit: string | undefined;
  /** `--json`: stdout holds a JSON document, so the annotations go to stderr. */
  json: boolean;
  secrets: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/** Whether a run must keep its results for a report: --junit, or a GitHub Actions job. */
export function reportWanted(junit: string | undefined, env = process.env): boolean {
  return junit !== undefined || env.GITHUB_ACTIONS === "true";
}

/**
 * A run's report, once it is over (passed, failed or cancelled): the JUnit file, written whole or
 * not at all; then, in a GitHub Actions job, an `::error` line per failure and the summary table
 * appended to $GITHUB_STEP_SUMMARY.
 *
 * GitHub's documentation says the runner reads workflow commands from stdout, which is where they
 * go; with --json stdout is one JSON document (or NDJSON lines), and an `::error` line there
 * would break every parser, so they go to stderr, which the runner reads for commands as well
 * (actions/runner: ScriptHandler feeds both streams to its ActionCommandManager).
 */
export async function publishReport(report: RunReport, options: PublishOptions): Promise<void> {
  const env = options.env ?? process.env;
  if (options.junit !== undefined) {
    await writeFileAtomic(options.junit, buildJunit(report, options.secrets), "--junit");
  }
  if (env.GITHUB_ACTIONS !== "true") return;
  const stream = options.json ? process.stderr : process.stdout;
  for (const line of annotationLines(report, options.secrets)) printLine(line, stream);
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  if (summaryFile === undefined || summaryFile === "") return;
  try {
    appendFileSync(summaryFile, stepSummary(report, options.secrets));
  } catch (error) {
    // The report is a courtesy to the job page: the run's own result still stands.
    printLine(
      `hooks: cannot append the step summary to ${summaryFile}: ${describeFileError(error, summaryFile)}`,
      process.stderr,
    );
  }
}
