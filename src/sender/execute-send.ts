import { setTimeout as sleep } from "node:timers/promises";
import type { Dispatcher } from "undici";
import { maskReport } from "./mask-report.js";
import { deliver } from "./deliver.js";
import { Deadlines } from "../http/deadline.js";
import { createDispatcher } from "../http/dispatcher.js";
import { waitForPort } from "../http/wait-for-port.js";
import { runConcurrently } from "./engine.js";
import { notifications } from "./notifications.js";
import type { PreparedSend } from "./prepare-send.js";
import { messyRun } from "./messy-run.js";
import type { Notification, SendObserver, SendSummary, TestResult } from "./types.js";

export interface SendDependencies {
  dispatcher?: Dispatcher;
  /**
   * Stops the run: nothing new is sent, the report is closed properly (Ctrl-C). A string reason
   * (`controller.abort("SIGINT")`) names what stopped it in the report.
   */
  signal?: AbortSignal;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Sends every notification of a prepared run and reports each one to the observer. */
export async function executeSend(
  prepared: PreparedSend,
  observer: SendObserver,
  deps: SendDependencies = {},
): Promise<SendSummary> {
  const now = deps.now ?? Date.now;
  if (prepared.waitMs !== undefined) {
    await waitForPort(prepared.target.url, prepared.waitMs, deps.signal);
  }
  const dispatcher =
    deps.dispatcher ??
    (await createDispatcher({
      connections: prepared.plan.concurrency,
      insecure: prepared.insecure,
    }));
  const startedAt = new Date(now()).toISOString();
  observer = maskReport(observer, prepared.secret === undefined ? [] : [prepared.secret]);
  observer.start(prepared.plan, startedAt);
  const context = {
    dispatcher,
    target: prepared.target,
    provider: prepared.provider,
    secret: prepared.secret,
    timeoutMs: prepared.plan.timeoutMs,
    deadlines: new Deadlines(prepared.plan.timeoutMs),
    retries: prepared.plan.retries,
    userHeaders: prepared.userHeaders,
    now,
    sleep: deps.sleep ?? ((ms: number) => sleep(ms)),
  };
  const deliverOne = (notification: Notification): Promise<TestResult> =>
    deliver(notification, context);
  // --duplicates, --shuffle, --jitter: the drawn order, duplicates held until their original ends.
  const run = prepared.messy
    ? messyRun(prepared.messy, prepared.schedule, deliverOne, { now, signal: deps.signal })
    : { source: notifications(prepared.schedule, now), deliverOne };
  try {
    const summary = await runConcurrently(
      run.source,
      run.deliverOne,
      prepared.plan.concurrency,
      observer,
      startedAt,
      deps.signal,
    );
    if (deps.signal?.aborted) summary.cancelledBy = abortReason(deps.signal);
    await observer.end(summary);
    return summary;
  } finally {
    if (!deps.dispatcher) await dispatcher.destroy();
  }
}

function abortReason(signal: AbortSignal): string {
  return typeof signal.reason === "string" ? signal.reason : "the caller";
}
