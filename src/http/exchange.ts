import type { IncomingHttpHeaders } from "node:http";
import type { Dispatcher } from "undici";
import { DeadlineError, Timed, type Deadlines } from "./deadline.js";

// The one way hooks sends a request and reads its answer: `hooks send`, `hooks events replay`,
// the inspector's replay and `listen --forward-to` all go through `exchange()`, so that each one
// is bounded the same way in time (the whole exchange, body included) and in bytes read.

export interface ExchangeRequest {
  origin: string;
  /** Path and query. */
  path: string;
  method: string;
  /** undici's flat `[name, value, ...]` list, or an object of names to values. */
  headers: string[] | Record<string, string>;
  body: Buffer | null;
}

export interface ExchangeLimits {
  /** Bounds the whole exchange, from the first byte sent to the last byte of the body. */
  deadlines: Deadlines;
  /**
   * The most body bytes read. Past it the rest is not read and the connection is dropped: a
   * server that streams gigabytes costs neither the time to read them nor the memory.
   */
  maxBodyBytes: number;
  /** How many bytes from the start of the body the result keeps (at most `maxBodyBytes`). */
  keepBytes: number;
}

export interface ExchangeResult {
  status: number;
  headers: IncomingHttpHeaders;
  /** The first `keepBytes` bytes of the body. */
  body: Buffer;
  /** The body went past `maxBodyBytes`: the rest was not read and the connection was dropped. */
  cutOff: boolean;
}

/**
 * Sends one request through `dispatcher.dispatch` with a small handler rather than undici's
 * `request()`: what hooks needs from an answer is its status, headers and the start of its body,
 * and `request()` builds a response stream for every call, a measurable share of a 30 000-event
 * `hooks send` run. When the deadline passes the promise rejects with a DeadlineError at once and
 * the socket is destroyed, not drained, however slowly the server keeps sending.
 */
export function exchange(
  dispatcher: Dispatcher,
  request: ExchangeRequest,
  limits: ExchangeLimits,
): Promise<ExchangeResult> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(
      {
        origin: request.origin,
        path: request.path,
        method: request.method as Dispatcher.HttpMethod,
        headers: request.headers,
        body: request.body,
        // The deadline bounds the whole exchange; undici's own gap timers would only repeat it.
        headersTimeout: 0,
        bodyTimeout: 0,
      },
      new ExchangeHandler(limits, resolve, reject),
    );
  });
}

/** One object per request (no closures), as a send run makes tens of thousands of them. */
class ExchangeHandler extends Timed implements Dispatcher.DispatchHandler {
  private readonly started = performance.now();
  private controller: Dispatcher.DispatchController | undefined;
  private settled = false;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private answeredMs = 0;
  private chunks: Buffer[] = [];
  private kept = 0;
  private read = 0;

  constructor(
    private readonly limits: ExchangeLimits,
    private readonly resolve: (result: ExchangeResult) => void,
    private readonly reject: (error: Error) => void,
  ) {
    super();
    limits.deadlines.start(this);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Expired while waiting for a connection: already reported, never sent.
    if (this.settled) controller.abort(new DeadlineError("deadline passed before sending"));
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    this.status = statusCode;
    this.headers = headers;
    this.answeredMs = Math.round(performance.now() - this.started);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    const { keepBytes, maxBodyBytes } = this.limits;
    if (this.kept < keepBytes) {
      const part =
        chunk.length <= keepBytes - this.kept ? chunk : chunk.subarray(0, keepBytes - this.kept);
      this.chunks.push(part);
      this.kept += part.length;
    }
    this.read += chunk.length;
    if (this.read > maxBodyBytes) {
      this.finish(true);
      controller.abort(new Error(`response body over ${maxBodyBytes} bytes: not read further`));
    }
  }

  onResponseEnd(): void {
    this.finish(false);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.limits.deadlines.clear(this);
    this.reject(error);
  }

  private finish(cutOff: boolean): void {
    if (this.settled) return;
    this.settled = true;
    this.limits.deadlines.clear(this);
    const { chunks } = this;
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    this.resolve({ status: this.status, headers: this.headers, body, cutOff });
  }

  expire(): void {
    if (this.settled) return;
    this.settled = true;
    const limit = this.limits.deadlines.limitMs;
    const error =
      this.status === 0
        ? new DeadlineError(`no response within ${limit} ms`)
        : new DeadlineError(
            `HTTP ${this.status} came after ${this.answeredMs} ms but its body was not complete ` +
              `within ${limit} ms (${this.read} bytes by then); the connection was dropped`,
          );
    this.reject(error);
    this.controller?.abort(error);
  }
}
