import type { Notification, SendObserver, SendSummary, TestResult } from "./types.js";

/**
 * Runs `concurrency` workers over one lazy stream of notifications. Results go to the observer as
 * they complete and are then dropped: only the counters stay, however long the run.
 */
export async function runConcurrently(
  source: Iterator<Notification>,
  deliverOne: (notification: Notification) => Promise<TestResult>,
  concurrency: number,
  observer: SendObserver,
  startedAt: string,
  signal?: AbortSignal,
): Promise<SendSummary> {
  const summary: SendSummary = { startedAt, testsRun: 0, testsSucceeded: 0, testsFailed: 0 };
  // Once stopped (Ctrl-C), no new request starts; those in flight finish and are reported.
  const more = (): IteratorResult<Notification> =>
    signal?.aborted ? { done: true, value: undefined } : source.next();
  const worker = async (): Promise<void> => {
    for (let next = more(); !next.done; next = more()) {
      const result = await deliverOne(next.value);
      summary.testsRun += 1;
      if (result.ok) summary.testsSucceeded += 1;
      else summary.testsFailed += 1;
      const pending = observer.result(result);
      if (pending) await pending;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summary;
}
