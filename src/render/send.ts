import chalk from "chalk";
import type { SendObserver, SendPlan, SendSummary, TestResult } from "../sender/types.js";
import { describeCancel } from "./send-json.js";
import { ProgressBar, wantsProgress } from "./send-progress.js";
import { BufferedWriter } from "./send-writer.js";
import { printable } from "./printable.js";
import { describeMessy, duplicateMark, DuplicateTally } from "./send-messy.js";

/** Output for people: one line per notification as it completes, then `N passed, N failed`. */
export function humanSendRenderer(stream: NodeJS.WriteStream = process.stdout): SendObserver {
  let progress: ProgressBar | undefined;
  const sharesTerminal = (): boolean => Boolean(stream.isTTY);
  const writer = new BufferedWriter(
    stream,
    () => sharesTerminal() && progress?.clear(),
    () => sharesTerminal() && progress?.draw(),
  );
  const pass = chalk.green("✔");
  const fail = chalk.red("✘");
  let width = 0;
  let total = 0;
  const duplicates = new DuplicateTally();
  return {
    start(plan: SendPlan) {
      duplicates.start(plan);
      width = plan.eventWidth;
      total = plan.total;
      if (wantsProgress(plan.total)) progress = new ProgressBar(plan.total);
      void writer.write(`${chalk.dim(describePlan(plan))}\n`);
    },
    result(test: TestResult) {
      progress?.tick(test.ok);
      duplicates.add(test);
      return writer.write(`${formatLine(test, pass, fail, width)}${duplicateMark(test)}\n`);
    },
    async end(summary: SendSummary) {
      progress?.stop();
      progress = undefined;
      const passed = chalk.green(`${summary.testsSucceeded} passed`);
      const failed =
        summary.testsFailed > 0
          ? chalk.red(`${summary.testsFailed} failed`)
          : `${summary.testsFailed} failed`;
      if (summary.cancelledBy !== undefined) {
        void writer.write(`${chalk.yellow(describeCancel(summary, total))}\n`);
      }
      void writer.write(`${passed}, ${failed}${duplicates.toString()}\n`);
      await writer.end();
    },
  };
}

function describePlan(plan: SendPlan): string {
  const noun = plan.total === 1 ? "notification" : "notifications";
  const secret = plan.secret === null ? "unsigned" : `secret ${plan.secret}`;
  const retries = plan.retries > 0 ? `, ${plan.retries} retries` : "";
  return `Sending ${plan.total} ${plan.provider} ${noun} to ${printable(plan.url)} (${secret}, timeout ${plan.timeoutMs} ms, concurrency ${plan.concurrency}${retries}${describeMessy(plan)})`;
}

export function formatLine(test: TestResult, pass: string, fail: string, width = 0): string {
  const status = test.status === null ? "---" : String(test.status);
  const attempts = test.attempts > 1 ? chalk.dim(` (${test.attempts} attempts)`) : "";
  const head = `${test.ok ? pass : fail} ${status} ${test.event.padEnd(width)} ${chalk.dim(test.id)} ${test.durationMs} ms`;
  if (!test.error) return `${head}${attempts}`;
  // The message may quote the server: its body, a redirect's Location.
  return `${head} ${chalk.red(`${test.error.reason}: ${printable(test.error.message)}`)}${attempts}`;
}
