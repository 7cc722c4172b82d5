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
  /** The target's status; null when it could not be reached. */
  status: number | null;
  durationMs: number;
  error: string | null;
}

/** Re-sends a captured request; resolves with what happened, rejects only on caller mistakes. */
export type ReplayFn = (record: RequestRecord, request: ReplayRequest) => Promise<ReplayOutcome>;

export type ReplayRecord = InspectorRecord & { resigned: boolean };

/**
 * A replay as an entry of its own: the request as sent (captured method and body, the headers
 * that went out) and the target's status, linked to the original by `replayOf`.
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
  if (outcome.status !== null) forward.status = outcome.status;
  if (outcome.error !== null) forward.error = outcome.error;
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
    response: { status: outcome.status ?? 0, durationMs: outcome.durationMs },
    forward,
    replayOf: original.id,
    resigned: outcome.resigned,
  };
  if (original.eventType !== undefined) entry.eventType = original.eventType;
  if (original.eventId !== undefined) entry.eventId = original.eventId;
  if (outcome.error !== null) entry.error = outcome.error;
  return entry;
}
