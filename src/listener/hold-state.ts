import { stat } from "node:fs/promises";
import { readRecords, type ReadNotes } from "../store/event-store-reader.js";
import type { RequestRecord } from "../store/event-store-record.js";

/**
 * What became of requests whose forward failed, kept beside the capture store.
 *
 * The store itself is append-only and every line in it is a captured request, which every reader
 * (`events list`, the inspector, `send --from-store`) relies on. So a held request is stored once,
 * as it arrived, with `"hold":{"status":"pending"}` (written before the sender is answered 202:
 * nothing acknowledged is ever lost), and each later delivery of it, by `listen --hold` or
 * `events replay --failed`, is one line of `<store>.redeliveries`:
 *
 *     {"type":"redelivery","id":"<request id>","status":200,"to":"…","at":"<ISO>","by":"listen --hold"}
 *
 * A request is still pending (or its forward still failed) until a line there says the app
 * answered it below 500. A restarted `listen --hold` reads both files and picks up what is still
 * pending, oldest first. Losing the side file costs duplicates (everything held is redelivered
 * again, as webhook senders themselves do), never a request.
 */
export interface RedeliveryLine {
  type: "redelivery";
  id: string;
  /** The app's status, or null when it could not be reached. */
  status: number | null;
  error?: string;
  to: string;
  at: string;
  durationMs: number;
  by: "listen --hold" | "events replay --failed";
}

export function redeliveriesPath(store: string): string {
  return `${store}.redeliveries`;
}

/** The app answered: a 4xx is its verdict on the request, which sending it again would not change. */
export function answered(status: number | null | undefined): boolean {
  return typeof status === "number" && status < 500;
}

/** The last outcome of every request redelivered so far, by request id. */
export async function readOutcomes(store: string): Promise<Map<string, RedeliveryLine>> {
  const path = redeliveriesPath(store);
  const latest = new Map<string, RedeliveryLine>();
  if (!(await exists(path))) return latest;
  const notes: ReadNotes = { tornLastLine: false, unreadableLines: 0 };
  for await (const line of readRecords(path, notes)) {
    const outcome = line as unknown as RedeliveryLine;
    if (outcome.type === "redelivery") latest.set(outcome.id, outcome);
  }
  return latest;
}

/** Whether a record's forward failed (unreachable or 5xx), and no later delivery fixed that. */
export function forwardStillFailed(
  record: RequestRecord,
  outcome: RedeliveryLine | undefined,
): boolean {
  if (outcome) return !answered(outcome.status);
  if (record.hold?.status === "pending") return true;
  const forward = record.forward;
  if (!forward) return false;
  return forward.error !== undefined || !answered(forward.status);
}

/**
 * The stored requests whose forward still failed, in arrival order (`pendingOnly`: those
 * `listen --hold` answered 202 for and has not delivered yet). Streams the store; only the
 * matches are kept.
 */
export async function failedForwards(
  store: string,
  options: { pendingOnly?: boolean; since?: Date | undefined; notes: ReadNotes },
): Promise<RequestRecord[]> {
  const outcomes = await readOutcomes(store);
  const found: RequestRecord[] = [];
  const since = options.since?.getTime();
  for await (const record of readRecords(store, options.notes)) {
    if (options.pendingOnly && record.hold?.status !== "pending") continue;
    if (since !== undefined && Date.parse(record.receivedAt) < since) continue;
    if (forwardStillFailed(record, outcomes.get(record.id))) found.push(record);
  }
  return found;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
