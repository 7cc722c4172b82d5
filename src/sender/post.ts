import type { Dispatcher } from "undici";

export interface PostOptions {
  origin: string;
  path: string;
  /** undici's flat `[name, value, ...]` list. */
  headers: string[];
  body: Buffer;
  timeoutMs: number;
}

export interface PostResult {
  status: number;
  /** The Location of a redirect, which webhook senders do not follow. */
  location: string | undefined;
  /** The start of a non-2xx answer's body, to show why it failed. */
  snippet: Buffer | undefined;
}

const SNIPPET_BYTES = 512;

/**
 * One POST through `dispatcher.dispatch` with a small handler: a webhook sender needs only the
 * status (and for failures the first bytes of the answer), so it skips the response stream that
 * `request()` builds for every call, a measurable share of a 30 000-event run.
 * `abortAfterMs` aborts the request with `timeoutError()` (precise sub-second limits).
 */
export function post(
  dispatcher: Dispatcher,
  options: PostOptions,
  abortAfterMs: number | undefined,
  timeoutError: () => Error,
): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let location: string | undefined;
    let chunks: Buffer[] | undefined;
    let size = 0;
    let controller: Dispatcher.DispatchController | undefined;
    let expired = false;
    const timer =
      abortAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            expired = true;
            controller?.abort(timeoutError());
          }, abortAfterMs);
    const done = (): void => {
      if (timer) clearTimeout(timer);
    };
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        if (expired) started.abort(timeoutError());
      },
      onResponseStart(_controller, statusCode, headers) {
        status = statusCode;
        if (statusCode < 200 || statusCode >= 300) {
          chunks = [];
          const value = headers.location;
          location = Array.isArray(value) ? value[0] : value;
        }
      },
      onResponseData(_controller, chunk) {
        if (chunks && size < SNIPPET_BYTES) {
          chunks.push(chunk);
          size += chunk.length;
        }
      },
      onResponseEnd() {
        done();
        resolve({ status, location, snippet: chunks && Buffer.concat(chunks) });
      },
      onResponseError(_controller, error) {
        done();
        reject(error);
      },
    };
    dispatcher.dispatch(
      {
        origin: options.origin,
        path: options.path,
        method: "POST",
        headers: options.headers,
        body: options.body,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      },
      handler,
    );
  });
}
