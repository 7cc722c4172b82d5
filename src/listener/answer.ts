import type { OutgoingHttpHeaders } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { UsageError } from "../errors.js";
import type { RequestRecord } from "../store/event-store-record.js";
import {
  describeForwardError,
  forwardFailureStatus,
  forwardUrl,
  type Forwarder,
} from "./forward.js";
import type { HoldGate } from "./hold.js";

/** What the listener answers a request with (and, when forwarding, how the app answered). */
export interface Answer {
  status: number;
  headers?: OutgoingHttpHeaders;
  body: string | Buffer;
  forward?: RequestRecord["forward"];
  hold?: RequestRecord["hold"];
}

export interface AnswerOptions {
  status?: number;
  delayMs?: number;
  forwardTo?: string | undefined;
  forwarder?: Forwarder | undefined;
  /** `--hold` (src/listener/hold.ts): it forwards, or answers 202 and keeps the request. */
  hold?: HoldGate | undefined;
}

/**
 * `--delay`, then `--status`, or the app's own answer with `--forward-to` (502 if it is down,
 * 504 if it did not answer in time).
 */
export async function produceAnswer(
  options: AnswerOptions,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<Answer> {
  const delayMs = options.delayMs ?? 0;
  if (delayMs > 0) await sleep(delayMs);
  const { forwardTo, forwarder } = options;
  if (!forwardTo || !forwarder) return { status: options.status ?? 200, body: "" };
  const target = forwardUrl(forwardTo, path);
  if (options.hold) return options.hold.answer(target, { method, headers, body });
  const started = performance.now();
  try {
    const response = await forwarder.send(target, { method, headers, body });
    const durationMs = Math.round(performance.now() - started);
    return {
      status: response.status,
      headers: response.headers,
      body: response.body,
      forward: { url: target, status: response.status, durationMs },
    };
  } catch (error) {
    const message = describeForwardError(target, error);
    return {
      status: forwardFailureStatus(error),
      headers: { "content-type": "text/plain" },
      body: `hooks: ${message}\n`,
      forward: { url: target, durationMs: Math.round(performance.now() - started), error: message },
    };
  }
}

export function tooLargeAnswer(maxBody: number): Answer {
  return {
    status: 413,
    headers: { "content-type": "text/plain" },
    body: `hooks: body over the ${maxBody}-byte limit (--max-body)\n`,
  };
}

/** Seconds a sender is asked to wait when the bodies in flight fill --max-in-flight. */
export const RETRY_AFTER_SECONDS = 2;

/** 503 with Retry-After: the sender's retry delivers it once the bodies in flight are answered. */
export function busyAnswer(maxInFlight: number): Answer {
  return {
    status: 503,
    headers: { "content-type": "text/plain", "retry-after": String(RETRY_AFTER_SECONDS) },
    body: `hooks: busy, ${maxInFlight} bytes of bodies in flight (--max-in-flight); retry in ${RETRY_AFTER_SECONDS} s\n`,
  };
}

/** How to answer a connection node:http could not parse (or that was too slow). */
export function classifyClientError(error: NodeJS.ErrnoException): {
  status: number;
  reason: string;
  message: string;
} {
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    return {
      status: 408,
      reason: "Request Timeout",
      message: "a client did not finish sending its request in time",
    };
  }
  const detail = `a client sent a malformed request (${error.code ?? error.message})`;
  if (error.code === "HPE_HEADER_OVERFLOW") {
    return { status: 431, reason: "Request Header Fields Too Large", message: detail };
  }
  return { status: 400, reason: "Bad Request", message: detail };
}

/** Turns a failure to bind into a usage error that says what to pass instead. */
export function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === "EADDRINUSE") {
    return new UsageError(
      `port ${port} on ${host} is already in use; pass --port <n> (or --port 0 for any free port)`,
    );
  }
  if (error.code === "EACCES") {
    return new UsageError(`not allowed to listen on port ${port}; pass --port 1024 or higher`);
  }
  if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") {
    return new UsageError(`cannot listen on --host ${host}: no such local address`);
  }
  return error;
}
