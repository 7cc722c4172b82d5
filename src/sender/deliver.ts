import type { Dispatcher } from "undici";
import type { Deadlines } from "../http/deadline.js";
import { exchange, type ExchangeResult } from "../http/exchange.js";
import type { FailureReason, HeaderMap, Provider } from "../providers/types.js";
import { classifyError } from "./classify.js";
import { echoes, notEchoed } from "./echo.js";
import { headerList } from "./headers.js";
import type { Notification, TestError, TestResult } from "./types.js";

export interface Target {
  /** Exactly as the user gave it: Square signs this string. */
  url: string;
  origin: string;
  path: string;
}

export interface DeliveryContext {
  dispatcher: Dispatcher;
  target: Target;
  provider: Provider;
  /** Undefined only for unsigned notifications (Clover's verification POST). */
  secret: string | undefined;
  timeoutMs: number;
  /** The delivery limit of every request of the run, body included (src/http/deadline.ts). */
  deadlines: Deadlines;
  retries: number;
  /** `--header`: applied last, so that a user can send a wrong signature on purpose. */
  userHeaders: HeaderMap;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

interface Attempt {
  status: number | null;
  durationMs: number;
  error: TestError | null;
}

const SNIPPET_CHARS = 120;

/**
 * Delivers one notification the way its provider would: signed at send time, within the delivery
 * limit, and on failure redelivered after the provider's backoff with its retry headers, the same
 * id and a fresh timestamp and signature.
 */
export async function deliver(notification: Notification, c: DeliveryContext): Promise<TestResult> {
  let reason: FailureReason | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const signed = notification.unsigned
      ? undefined
      : c.provider.sign({
          body: notification.body,
          secret: c.secret as string,
          url: c.target.url,
          id: notification.id,
          timestamp: Math.floor(c.now() / 1000),
        });
    const retry = reason !== undefined ? c.provider.retryHeaders?.(attempt - 1, reason) : undefined;
    const headers = headerList(notification.headers, [signed, retry, c.userHeaders]);
    const result = await attemptOnce(notification, headers, c);
    if (result.error === null || attempt > c.retries) {
      return {
        event: notification.event,
        id: notification.id,
        ok: result.error === null,
        status: result.status,
        durationMs: result.durationMs,
        attempts: attempt,
        error: result.error,
      };
    }
    reason = result.error.reason;
    await c.sleep(backoff(c.provider.retry.backoffMs, attempt));
  }
}

/** The delay before retry `n` (1-based); the last configured delay repeats. */
export function backoff(delays: readonly number[], n: number): number {
  if (delays.length === 0) return 0;
  return delays[Math.min(n, delays.length) - 1] as number;
}

/**
 * What of an answer a sender reads: its status, and for a failure the first bytes, to show why.
 * A body past READ_BYTES is not read (real senders ignore it too): the connection is dropped and
 * the answer is judged on its status, so a server streaming gigabytes costs neither time nor
 * memory.
 */
export const SNIPPET_BYTES = 512;
const READ_BYTES = 64 * 1024;

async function attemptOnce(
  { body, echo, method = "POST" }: Notification,
  headers: string[],
  c: DeliveryContext,
): Promise<Attempt> {
  const started = performance.now();
  let response: ExchangeResult;
  // An answer that must echo a value is read whole (up to READ_BYTES) to look for it.
  const keepBytes = echo ? READ_BYTES : SNIPPET_BYTES;
  try {
    response = await exchange(
      c.dispatcher,
      { origin: c.target.origin, path: c.target.path, method, headers, body },
      { deadlines: c.deadlines, maxBodyBytes: READ_BYTES, keepBytes },
    );
  } catch (error) {
    const durationMs = Math.round(performance.now() - started);
    return { status: null, durationMs, error: classifyError(error, c.timeoutMs) };
  }
  const { status } = response;
  const durationMs = Math.round(performance.now() - started);
  if (status >= 200 && status < 300) {
    // The deadline's timer may run a little late on a busy machine: the verdict stays exact.
    if (durationMs <= c.timeoutMs) {
      // The provider reads such an answer (Slack's url_verification): a bare 2xx is a failure.
      if (echo && !echoes(response.body, echo)) {
        return { status, durationMs, error: notEchoed(status, response.body, echo) };
      }
      return { status, durationMs, error: null };
    }
    const message = `answered after ${durationMs} ms, over the ${c.timeoutMs} ms limit`;
    return { status, durationMs, error: { reason: "http_timeout", message } };
  }
  let message = `HTTP ${status}`;
  if (status >= 300 && status < 400) {
    const location = firstValue(response.headers.location);
    const to = location === undefined ? "" : ` to ${location}`;
    message += ` redirect${to} (webhook senders do not follow redirects)`;
  } else {
    const snippet = describeSnippet(response.body);
    if (snippet) message += `: ${snippet}`;
  }
  return { status, durationMs, error: { reason: "http_error", message } };
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The start of an answer's body on one line, bounded (`hooks events replay` shows it too). */
export function describeSnippet(bytes: Buffer): string {
  const text = bytes.toString("utf8").replace(/\s+/g, " ").trim();
  return text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text;
}
