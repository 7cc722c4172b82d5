import { isUtf8 } from "node:buffer";
import type { HeaderMap } from "../providers/types.js";
import type { RequestRecord } from "../store/event-store-record.js";
import type { InspectorRecord } from "./entry-summary.js";

export interface ReplayRequest {
  /** Absolute http(s) URL. */
  to: string;
  /** Sign again with the current secret and time instead of sending the captured signature. */
  resign: boolean;
}

export interface ReplayOutcome {
  /** The headers that went out (re-signed ones when asked). */
  headers: HeaderMap;
  resigned: boolean;
  /** Absent when the target could not be reached. */
  response?: { status: number; headers: Record<string, string | string[]>; body: Buffer };
  durationMs: number;
  error?: string;
}

/** Re-sends a captured request; resolves with what happened, rejects only on caller mistakes. */
export type ReplayFn = (record: RequestRecord, request: ReplayRequest) => Promise<ReplayOutcome>;

/** The target's answer to a replay, as the detail view shows it. */
export interface ReplayResponse {
  headers: Record<string, string>;
  body: string;
  bodyEncoding: "utf8" | "base64";
  /** The body was cut to RESPONSE_BODY_LIMIT bytes for the page. */
  truncated: boolean;
}

export type ReplayRecord = InspectorRecord & { replayResponse?: ReplayResponse; resigned: boolean };

const RESPONSE_BODY_LIMIT = 256 * 1024;
/** Set by `hooks listen` on its answers: a replay to the listener itself is captured there. */
export const CAPTURED_ID_HEADER = "x-hooks-request-id";

/** The id the listener gave a replay sent to it, when that is where it went. */
export function capturedId(outcome: ReplayOutcome): string | undefined {
  const value = outcome.response?.headers[CAPTURED_ID_HEADER];
  return typeof value === "string" ? value : undefined;
}

/**
 * A replay as an entry of its own: the request as sent (captured method and body, the headers
 * that went out) and the target's answer, linked to the original by `replayOf`.
 */
export function replayEntry(
  original: RequestRecord,
  request: ReplayRequest,
  outcome: ReplayOutcome,
  id: string,
  now: number,
): ReplayRecord {
  const url = new URL(request.to);
  const forward: NonNullable<RequestRecord["forward"]> = {
    url: request.to,
    durationMs: outcome.durationMs,
  };
  if (outcome.response) forward.status = outcome.response.status;
  if (outcome.error !== undefined) forward.error = outcome.error;
  const entry: ReplayRecord = {
    type: "request",
    id,
    receivedAt: new Date(now).toISOString(),
    method: original.method,
    path: `${url.pathname}${url.search}`,
    url: request.to,
    headers: outcome.headers,
    body: original.body,
    bodyEncoding: original.bodyEncoding,
    bodyBytes: original.bodyBytes,
    provider: original.provider,
    signature: outcome.resigned
      ? { status: "unchecked", reason: "signed again with the current secret and time" }
      : {
          status: "unchecked",
          reason: `the captured signature, sent again (${original.signature.status} when captured)`,
        },
    response: { status: outcome.response?.status ?? 0, durationMs: outcome.durationMs },
    forward,
    replayOf: original.id,
    resigned: outcome.resigned,
  };
  if (original.eventType !== undefined) entry.eventType = original.eventType;
  if (original.eventId !== undefined) entry.eventId = original.eventId;
  if (outcome.response) entry.replayResponse = responseForPage(outcome.response);
  if (outcome.error !== undefined) entry.error = outcome.error;
  return entry;
}

function responseForPage(response: NonNullable<ReplayOutcome["response"]>): ReplayResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  const truncated = response.body.length > RESPONSE_BODY_LIMIT;
  const body = truncated ? response.body.subarray(0, RESPONSE_BODY_LIMIT) : response.body;
  const text = isUtf8(body);
  return {
    headers,
    body: body.toString(text ? "utf8" : "base64"),
    bodyEncoding: text ? "utf8" : "base64",
    truncated,
  };
}
