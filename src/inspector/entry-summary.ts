import type { RequestRecord, SignatureStatus } from "../store/event-store-record.js";

/**
 * One row of the inspector's list: what the list shows and filters on, without headers or body,
 * so that ten thousand of them are a few megabytes the page parses in milliseconds.
 */
export interface EntrySummary {
  id: string;
  receivedAt: string;
  method: string;
  path: string;
  provider: string | null;
  eventType?: string;
  eventId?: string;
  signature: SignatureStatus;
  /** The status the sender (or, for a replay, the caller) got; null when none came back. */
  status: number | null;
  durationMs?: number;
  bodyBytes: number;
  duplicateOf?: string;
  verificationCode?: string;
  /** A provider's verification handshake, and why hooks did not answer it when it did not. */
  handshake?: string;
  handshakeSkipped?: string;
  /** Set on an entry the inspector made by replaying another. */
  replayOf?: string;
  /** Where a replay or forward went, and why it failed when it did. */
  target?: string;
  error?: string;
}

/** A record as the inspector keeps it: a stored request, or a replay made from the page. */
export type InspectorRecord = RequestRecord & {
  replayOf?: string;
  /** Set on replays whose target did not answer. */
  error?: string;
};

export function summarise(record: InspectorRecord): EntrySummary {
  const summary: EntrySummary = {
    id: record.id,
    receivedAt: record.receivedAt,
    method: record.method,
    path: record.path,
    provider: record.provider ?? null,
    signature: record.signature?.status ?? "unchecked",
    status: typeof record.response?.status === "number" ? record.response.status : null,
    bodyBytes: record.bodyBytes ?? 0,
  };
  if (record.eventType !== undefined) summary.eventType = record.eventType;
  if (record.eventId !== undefined) summary.eventId = record.eventId;
  if (typeof record.response?.durationMs === "number") {
    summary.durationMs = record.response.durationMs;
  }
  if (record.duplicateOf !== undefined) summary.duplicateOf = record.duplicateOf;
  if (record.verificationCode !== undefined) summary.verificationCode = record.verificationCode;
  if (record.handshake !== undefined) summary.handshake = record.handshake;
  if (record.handshakeSkipped !== undefined) summary.handshakeSkipped = record.handshakeSkipped;
  if (record.replayOf !== undefined) summary.replayOf = record.replayOf;
  if (record.forward?.url !== undefined) summary.target = record.forward.url;
  const error = record.error ?? record.forward?.error;
  if (error !== undefined) summary.error = error;
  return summary;
}
