import type { IncomingHttpHeaders } from "node:http";
import type { Dispatcher } from "undici";
import { Deadlines } from "../http/deadline.js";
import { createDispatcher } from "../http/dispatcher.js";
import { exchange } from "../http/exchange.js";
import { classifyError } from "../sender/classify.js";
import { ApiUnreachable } from "./api-error.js";

// How every management API client talks to its provider: one HTTP client from
// src/http/dispatcher.ts (proxies honoured), one bounded exchange from src/http/exchange.ts, JSON
// or form bodies, and 429 retried with backoff. What a provider's error body means is the
// client's business (src/webhooks/<id>-api.ts); this layer hands back every answer it got.

export interface ApiRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Absolute URL, query included. */
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded, in this order (Stripe's `enabled_events[]`). */
  form?: [string, string][];
}

export interface ApiResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  json: unknown;
}

export type ApiHttp = (request: ApiRequest) => Promise<ApiResponse>;

export interface ApiHttpOptions {
  dispatcher?: Dispatcher;
  /** How many times a 429 is retried before its answer is handed back; default 4. */
  retries?: number;
  /** The whole exchange of one attempt; default 30 s. */
  timeoutMs?: number;
  /** Injected for tests: waits this long. */
  sleep?: (ms: number) => Promise<void>;
}

/** The most a provider's answer may hold: a page of 250 subscriptions is far below. */
const MAX_BODY = 8 * 1024 * 1024;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

export async function createApiHttp(options: ApiHttpOptions = {}): Promise<ApiHttp> {
  const dispatcher = options.dispatcher ?? (await createDispatcher());
  const retries = options.retries ?? 4;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadlines = new Deadlines(timeoutMs);
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      const response = await once(dispatcher, deadlines, request, timeoutMs);
      if (response.status !== 429 || attempt >= retries) return response;
      await sleep(backoffMs(response.headers, attempt));
    }
  };
}

async function once(
  dispatcher: Dispatcher,
  deadlines: Deadlines,
  request: ApiRequest,
  timeoutMs: number,
): Promise<ApiResponse> {
  const url = new URL(request.url);
  const headers: Record<string, string> = { accept: "application/json", ...request.headers };
  let body: Buffer | null = null;
  if (request.json !== undefined) {
    body = Buffer.from(JSON.stringify(request.json));
    headers["content-type"] ??= "application/json";
  } else if (request.form !== undefined) {
    body = Buffer.from(new URLSearchParams(request.form).toString());
    headers["content-type"] ??= "application/x-www-form-urlencoded";
  }
  try {
    const result = await exchange(
      dispatcher,
      {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers,
        body,
      },
      { deadlines, maxBodyBytes: MAX_BODY, keepBytes: MAX_BODY },
    );
    const text = result.body.toString("utf8");
    return { status: result.status, headers: result.headers, text, json: parseJson(text) };
  } catch (error) {
    throw new ApiUnreachable(url.host, classifyError(error, timeoutMs).message);
  }
}

/** Retry-After in seconds (or an HTTP date) when the provider gives one, else doubling from 0.5 s with jitter. */
export function backoffMs(headers: IncomingHttpHeaders, attempt: number): number {
  const retryAfter = headers["retry-after"];
  const value = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  if (value !== undefined) {
    const seconds = Number(value);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
    if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_BACKOFF_MS);
  }
  const base = Math.min(FIRST_BACKOFF_MS * 2 ** attempt, MAX_BACKOFF_MS);
  return base / 2 + Math.random() * (base / 2);
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
