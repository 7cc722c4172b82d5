import type { FailureReason, HeaderMap } from "../providers/types.js";

/** One HTTP request to make (a test): an event, already filled in, not yet signed. */
export interface Notification {
  event: string;
  /** Shown in the report; passed to sign() as the message id (Standard Webhooks `webhook-id`). */
  id: string;
  body: Buffer;
  /** Headers the real sender puts on it (catalog + --header), before the signature. */
  headers: HeaderMap;
  /** Clover's verification POST carries no auth code. */
  unsigned?: boolean;
  /** What a 2xx answer must send back to pass (the sample's `echo`: src/sender/echo.ts). */
  echo?: Echo;
}

/** A body field and its value, which the answer must carry. */
export interface Echo {
  field: string;
  value: string;
}

export interface TestError {
  reason: FailureReason;
  /** For people: what went wrong, in words. */
  message: string;
  /** The error's own text (OpenSSL's, undici's), for --json; absent for HTTP answers. */
  detail?: string;
}

/** One test of the report, in the shape of `hooks send --json` (README). */
export interface TestResult {
  event: string;
  id: string;
  ok: boolean;
  /** HTTP status of the last attempt, or null when no response came back. */
  status: number | null;
  /** Response time of the last attempt. */
  durationMs: number;
  attempts: number;
  error: TestError | null;
  /** `--duplicates`: the id of the delivery this one repeats (the same event id again). */
  duplicateOf?: string;
}

/** What a run is about to do, for the report's first line. */
export interface SendPlan {
  provider: string;
  url: string;
  total: number;
  timeoutMs: number;
  concurrency: number;
  retries: number;
  /** The longest event name (at most 30), to line up the report's columns. */
  eventWidth: number;
  /** Masked; never the whole secret. */
  secret: string | null;
}

export interface SendSummary {
  startedAt: string;
  testsRun: number;
  testsSucceeded: number;
  testsFailed: number;
  /** Set when the run was stopped early: what stopped it (the signal's name, e.g. SIGINT). */
  cancelledBy?: string;
}

/** Receives a run as it happens; src/render/send*.ts print it. */
export interface SendObserver {
  start(plan: SendPlan, startedAt: string): void;
  /** May return a promise when the output needs draining (backpressure on stdout). */
  result(test: TestResult): void | Promise<void>;
  end(summary: SendSummary): Promise<void>;
}
