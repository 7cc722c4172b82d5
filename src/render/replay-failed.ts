import chalk from "chalk";
import type { ReplayFailedReport } from "../events/replay-failed.js";
import { printJson, printLine } from "./out.js";
import { printable } from "./printable.js";

/** One line a request as it was re-sent, then `N passed, N failed`, as `hooks send` reports. */
export function renderReplayFailed(report: ReplayFailedReport, { json }: { json: boolean }): void {
  if (json) return printJson(report);
  const total = report.results.length;
  if (total === 0) {
    const since = report.since ? ` since ${report.since}` : "";
    printLine(chalk.dim(`no failed forwards to replay${since}`));
  } else {
    const where = report.to ? printable(report.to) : "each one's forward target";
    printLine(chalk.dim(`Replaying ${total} failed forward(s), oldest first, to ${where}`));
  }
  for (const result of report.results) {
    const mark = result.ok ? chalk.green("✔") : chalk.red("✘");
    const status = result.status === null ? "---" : String(result.status);
    // The target and the error (which may quote the app's answer) came from outside.
    const head = `${mark} ${status} ${chalk.dim(result.id)} ${printable(`${result.method} ${result.to}`)} ${result.durationMs} ms`;
    printLine(result.error ? `${head}  ${chalk.red(printable(result.error))}` : head);
  }
  const passed = chalk.green(`${report.passed} passed`);
  const failed =
    report.failed > 0 ? chalk.red(`${report.failed} failed`) : `${report.failed} failed`;
  printLine(`${passed}, ${failed}`);
}
