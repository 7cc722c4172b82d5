import type { SendObserver, SendSummary, TestResult } from "../sender/types.js";
import { ProgressBar, wantsProgress } from "./send-progress.js";
import { BufferedWriter } from "./send-writer.js";

/** `cancelled by SIGINT after 3 of 10 deliveries`: why the report is shorter than the plan. */
export function describeCancel(summary: SendSummary, total: number): string {
  const noun = total === 1 ? "delivery" : "deliveries";
  return `cancelled by ${summary.cancelledBy ?? "the caller"} after ${summary.testsRun} of ${total} ${noun}`;
}

/**
 * `--json`: the UP42-style test result document (README, `hooks send`), written as the run goes. The `tests` array
 * is streamed, so the counters (known only at the end) follow it inside `data`. A run stopped
 * early has `"error":{"code":"cancelled","message":"cancelled by SIGINT after 3 of 10 deliveries"}`.
 */
export function jsonSendRenderer(stream: NodeJS.WriteStream = process.stdout): SendObserver {
  let progress: ProgressBar | undefined;
  // Both on one terminal: keep the bar (stderr) off the document's lines.
  const writer = new BufferedWriter(
    stream,
    () => stream.isTTY && progress?.clear(),
    () => stream.isTTY && progress?.draw(),
  );
  let first = true;
  let total = 0;
  return {
    start(plan, startedAt) {
      total = plan.total;
      if (wantsProgress(plan.total)) progress = new ProgressBar(plan.total);
      void writer.write(`{"data":{"startedAt":${JSON.stringify(startedAt)},"tests":[`);
    },
    result(test: TestResult) {
      progress?.tick(test.ok);
      const text = JSON.stringify(test);
      const out = first ? text : `,${text}`;
      first = false;
      return writer.write(out);
    },
    async end(summary: SendSummary) {
      progress?.stop();
      const error =
        summary.cancelledBy === undefined
          ? null
          : { code: "cancelled", message: describeCancel(summary, total) };
      void writer.write(
        `],"testsRun":${summary.testsRun},"testsSucceeded":${summary.testsSucceeded},"testsFailed":${summary.testsFailed}},"error":${JSON.stringify(error)}}\n`,
      );
      await writer.end();
    },
  };
}
