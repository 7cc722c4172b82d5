import type { ExpectedArrivals } from "../listener/expect-arrivals.js";
import type { ListenSummary } from "../listener/listen-session.js";
import type { SendObserver, SendPlan, SendSummary, TestResult } from "../sender/types.js";
import { redact, redactUrl } from "../util/secrets.js";
import type { TestReport } from "../webhooks/types.js";

// One shape for what `hooks send`, `hooks webhooks test` and `hooks listen --expect` report to CI
// (--junit, GitHub Actions): built here from each command's own data, then written by
// src/render/junit.ts and src/render/github-actions.ts alike, so the three agree.

export interface ReportFailure {
  /** One line: what went wrong, then the status (`… , status 500`). */
  message: string;
  /** A word for the kind (`http_error`, `missing`, `signature_invalid`). */
  type: string;
  /** Longer text where there is one (the error's own words). */
  detail?: string;
}

export interface ReportCase {
  /** The provider (or `hooks.send`, `hooks.listen` where none is known). */
  classname: string;
  /** The event name and its id. */
  name: string;
  durationMs: number;
  failure?: ReportFailure;
  /** Facts about the test beyond pass or fail (`duplicateOf`, `attempts`), shown as they are set. */
  facts?: Record<string, string>;
}

export interface RunReport {
  /** The suite's name: the command and the provider. */
  name: string;
  startedAt: string;
  durationMs: number;
  properties: Record<string, string>;
  cases: ReportCase[];
}

export function failureCount(report: RunReport): number {
  return report.cases.filter((one) => one.failure !== undefined).length;
}

/** Every text of the report with the known secrets masked (a server may echo a key). */
export function redactReport(report: RunReport, secrets: readonly string[]): RunReport {
  if (secrets.length === 0) return report;
  const hide = (text: string): string => redact(text, secrets);
  const hideAll = (record: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, hide(value)]));
  return {
    ...report,
    name: hide(report.name),
    properties: hideAll(report.properties),
    cases: report.cases.map((one) => {
      const shown: ReportCase = { ...one, classname: hide(one.classname), name: hide(one.name) };
      if (one.failure) {
        shown.failure = { message: hide(one.failure.message), type: hide(one.failure.type) };
        if (one.failure.detail !== undefined) shown.failure.detail = hide(one.failure.detail);
      }
      if (one.facts) shown.facts = hideAll(one.facts);
      return shown;
    }),
  };
}

/** `hooks send`: one case per delivery, recorded as they complete. */
export function recordSend(inner: SendObserver): {
  observer: SendObserver;
  report(summary: SendSummary, now?: number): RunReport;
} {
  const tests: TestResult[] = [];
  let plan: SendPlan | undefined;
  return {
    observer: {
      start(started, startedAt) {
        plan = started;
        inner.start(started, startedAt);
      },
      result(test) {
        tests.push(test);
        return inner.result(test);
      },
      end: (summary) => inner.end(summary),
    },
    report(summary, now = Date.now()) {
      const provider = plan?.provider ?? "hooks.send";
      const properties: Record<string, string> = { provider };
      if (plan) {
        properties.url = redactUrl(plan.url, []);
        properties.planned = String(plan.total);
      }
      if (summary.cancelledBy !== undefined) properties.cancelledBy = summary.cancelledBy;
      return {
        name: `hooks send ${provider}`,
        startedAt: summary.startedAt,
        durationMs: Math.max(0, now - Date.parse(summary.startedAt)),
        properties,
        cases: tests.map((test) => sendCase(test, provider)),
      };
    },
  };
}

function sendCase(test: TestResult, classname: string): ReportCase {
  const one: ReportCase = {
    classname,
    name: `${test.event} ${test.id}`,
    durationMs: test.durationMs,
  };
  if (!test.ok) {
    one.failure = {
      message: `${test.error?.message ?? "failed"}, ${statusText(test.status)}`,
      type: test.error?.reason ?? "failed",
    };
    if (test.error?.detail !== undefined) one.failure.detail = test.error.detail;
  }
  const facts: Record<string, string> = {};
  if (test.duplicateOf !== undefined) facts.duplicateOf = test.duplicateOf;
  if (test.attempts > 1) facts.attempts = String(test.attempts);
  if (Object.keys(facts).length > 0) one.facts = facts;
  return one;
}

/** `hooks webhooks test`: one case per test delivery the provider made. */
export function webhooksTestReport(
  report: TestReport,
  provider: string,
  now = Date.now(),
): RunReport {
  return {
    name: `hooks webhooks test ${provider}`,
    startedAt: report.startedAt,
    durationMs: Math.max(0, now - Date.parse(report.startedAt)),
    properties: { provider },
    cases: report.tests.map((test) => {
      const one: ReportCase = {
        classname: provider,
        name: `${test.event} ${test.id}`,
        durationMs: test.durationMs ?? 0,
      };
      if (!test.ok) {
        one.failure = {
          message: `${test.error?.message ?? "failed"}, ${statusText(test.status)}`,
          type: test.error?.reason ?? "failed",
        };
      }
      return one;
    }),
  };
}

/**
 * `hooks listen --expect n`: one case per expected request, in the order they were answered.
 * A request passes with a valid signature (or any, when no secret is known); a missing one fails
 * with why the listener stopped waiting. Requests past the n-th are a property, not cases.
 */
export function listenReport(
  summary: ListenSummary,
  arrivals: ExpectedArrivals,
  context: { secretKnown: boolean; timeoutMs: number | undefined },
): RunReport {
  const expected = summary.expected ?? 0;
  const cases: ReportCase[] = [];
  for (let i = 0; i < expected; i += 1) {
    const arrival = arrivals.arrivals[i];
    if (arrival === undefined) {
      cases.push({
        classname: "hooks.listen",
        name: `expected request ${i + 1} of ${expected}`,
        durationMs: 0,
        failure: { message: missingReason(summary, context.timeoutMs), type: "missing" },
      });
      continue;
    }
    const event = arrival.eventType ?? `${arrival.method} ${arrival.path}`;
    const one: ReportCase = {
      classname: arrival.provider ?? "hooks.listen",
      name: `${event} ${arrival.id}`,
      durationMs: arrival.durationMs,
    };
    if (context.secretKnown && arrival.signature !== "valid") {
      one.failure = {
        message: `${arrival.signature}: ${arrival.reason}, status ${arrival.status}`,
        type: `signature_${arrival.signature}`,
      };
    }
    const facts: Record<string, string> = { signature: arrival.signature };
    if (arrival.duplicateOf !== undefined) facts.duplicateOf = arrival.duplicateOf;
    one.facts = facts;
    cases.push(one);
  }
  return {
    name: "hooks listen --expect",
    startedAt: arrivals.startedAt,
    durationMs: summary.durationMs,
    properties: {
      expected: String(expected),
      arrived: String(arrivals.arrivals.length + arrivals.extra),
      beyondExpected: String(arrivals.extra),
      endedBy: summary.reason,
    },
    cases,
  };
}

function missingReason(summary: ListenSummary, timeoutMs: number | undefined): string {
  if (summary.reason === "timeout") {
    const seconds = timeoutMs === undefined ? "" : ` (${timeoutMs / 1000} s)`;
    return `did not arrive within --timeout${seconds}`;
  }
  if (summary.reason === "expect") {
    return "did not arrive: the listener stopped at the first request without a valid signature";
  }
  return "did not arrive before the listener was stopped";
}

function statusText(status: number | null): string {
  return status === null ? "no status" : `status ${status}`;
}
