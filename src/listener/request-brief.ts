import type { RequestRecord } from "../store/event-store-record.js";
import type { RequestBrief } from "./listen-session-types.js";

/** A request as the summary (and `--junit`'s expected arrivals) list it. */
export function requestBrief(record: RequestRecord, status: number): RequestBrief {
  const brief: RequestBrief = {
    id: record.id,
    method: record.method,
    path: record.path,
    provider: record.provider,
    signature: record.signature.status,
    reason: record.signature.reason,
    status,
  };
  if (record.eventType !== undefined) brief.eventType = record.eventType;
  return brief;
}
