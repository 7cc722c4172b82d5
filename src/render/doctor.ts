import chalk from "chalk";
import type { DoctorReport } from "../doctor/types.js";
import { printJson, printLine } from "./out.js";
import { printable } from "./printable.js";

const MARK = { ok: chalk.green("✔"), warn: chalk.yellow("!"), fail: chalk.red("✘") } as const;

/** One line a check, its fix indented below, then how many failed or warned. */
export function renderDoctor(report: DoctorReport, { json }: { json: boolean }): void {
  const failed = report.checks.filter((check) => check.status === "fail").length;
  const warned = report.checks.filter((check) => check.status === "warn").length;
  if (json) {
    printJson(report);
  } else {
    const width = Math.max(...report.checks.map((check) => check.name.length));
    for (const check of report.checks) {
      // A message may quote another program (cloudflared's --version) or the environment.
      printLine(`${MARK[check.status]} ${check.name.padEnd(width)}  ${printable(check.message)}`);
      if (check.fix && check.status !== "ok") {
        printLine(`  ${" ".repeat(width)}  ${chalk.dim("fix:")} ${printable(check.fix)}`);
      }
    }
    const summary = [
      failed > 0
        ? chalk.red(`${failed} problem${failed > 1 ? "s" : ""}`)
        : chalk.green("no problems"),
      ...(warned > 0 ? [chalk.yellow(`${warned} warning${warned > 1 ? "s" : ""}`)] : []),
    ];
    printLine();
    printLine(summary.join(", "));
  }
}
