import type { Dispatcher } from "undici";
import type { FailureReason, HeaderMap, Provider } from "../providers/types.js";
import { TIMED_OUT_CODE, classifyError } from "./classify.js";
import { headerList } from "./headers.js";
import { post } from "./post.js";
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
    const result = await attemptOnce(notification.body, headers, c);
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
 * undici's own timeouts cost nothing per request but tick on a coarse clock (up to ~1 s late),
 * fine for limits of seconds; a sub-second `--timeout` gets a timer of its own. Either way a 2xx
 * that came later than the limit is a timeout (checked below), so the verdict is exact.
 */
const PRECISE_BELOW_MS = 1000;

async function attemptOnce(body: Buffer, headers: string[], c: DeliveryContext): Promise<Attempt> {
  const started = performance.now();
  try {
    const response = await post(
      c.dispatcher,
      { origin: c.target.origin, path: c.target.path, headers, body, timeoutMs: c.timeoutMs },
      c.timeoutMs < PRECISE_BELOW_MS ? c.timeoutMs : undefined,
      timedOut,
    );
    const { status } = response;
    const durationMs = Math.round(performance.now() - started);
    if (status >= 200 && status < 300) {
      if (durationMs <= c.timeoutMs) return { status, durationMs, error: null };
      const message = `answered after ${durationMs} ms, over the ${c.timeoutMs} ms limit`;
      return { status, durationMs, error: { reason: "http_timeout", message } };
    }
    let message = `HTTP ${status}`;
    if (status >= 300 && status < 400) {
      const to = response.location === undefined ? "" : ` to ${response.location}`;
      message += ` redirect${to} (webhook senders do not follow redirects)`;
    } else {
      const snippet = describeSnippet(response.snippet);
      if (snippet) message += `: ${snippet}`;
    }
    return { status, durationMs, error: { reason: "http_error", message } };
  } catch (error) {
    const durationMs = Math.round(performance.now() - started);
    return { status: null, durationMs, error: classifyError(error, c.timeoutMs) };
  }
}

function timedOut(): Error {
  return Object.assign(new Error("timed out"), { code: TIMED_OUT_CODE });
}

function describeSnippet(bytes: Buffer | undefined): string {
  if (!bytes) return "";
  const text = bytes.toString("utf8").replace(/\s+/g, " ").trim();
  return text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text;
}
