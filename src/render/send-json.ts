import type { SendObserver, SendSummary, TestResult } from "../sender/types.js";
import { ProgressBar, wantsProgress } from "./send-progress.js";
import { BufferedWriter } from "./send-writer.js";

/**
 * `--json`: the UP42-style test result of CONTRACT.md, written as the run goes. The `tests` array
 * is streamed, so the counters (known only at the end) follow it inside `data`.
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
  return {
    start(plan, startedAt) {
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
      void writer.write(
        `],"testsRun":${summary.testsRun},"testsSucceeded":${summary.testsSucceeded},"testsFailed":${summary.testsFailed}},"error":null}\n`,
      );
      await writer.end();
    },
  };
}
