import { UsageError } from "../errors.js";
import { replayableHeaders } from "../events/replayable-headers.js";
import { findProvider } from "../providers/index.js";
import type { Provider } from "../providers/types.js";
import { findRecord, readRecords, type ReadNotes } from "../store/event-store-reader.js";
import { recordBody, type RequestRecord } from "../store/event-store-record.js";
import { wireHeaders } from "../store/header-bytes.js";
import { parseSince } from "../util/since.js";
import { lowerCaseNames } from "./headers.js";
import type { EventFactory } from "./samples.js";

/** More than this many records is a store replayed by mistake, not a test suite. */
export const MAX_STORE_TESTS = 10_000;

export interface StoreSelection {
  /** The ids after `--from-store`, or none. */
  ids: readonly string[];
  since: string | undefined;
  path: string;
}

/**
 * `hooks send --from-store <id>...` or `--from-store --since <time>`: the captured requests to
 * replay, oldest first. One of the two is required: replaying a whole store by accident (every
 * request of a month of `hooks listen`) is never what a test suite means; `--since 30d` says it
 * on purpose. Requests whose sender went away mid-body are left out of a --since run, and are an
 * error when named.
 */
export async function selectRecords(
  selection: StoreSelection,
  notes: ReadNotes,
  now: number = Date.now(),
): Promise<RequestRecord[]> {
  const { ids, since, path } = selection;
  if (ids.length > 0 && since !== undefined) {
    throw new UsageError("--from-store takes request ids or --since <time>, not both");
  }
  if (ids.length > 0) {
    const records: RequestRecord[] = [];
    for (const id of ids) {
      const record = await findRecord(path, id, notes);
      if (record.aborted) {
        throw new UsageError(`${record.id} was cut off mid-body by its sender: nothing to replay`);
      }
      records.push(record);
    }
    return records;
  }
  if (since === undefined) {
    throw new UsageError(
      "--from-store needs request ids (hooks events list shows them) or --since <time> (10m, 2h, 30d, an ISO time)",
    );
  }
  const from = parseSince(since, "--since", now).getTime();
  const records: RequestRecord[] = [];
  for await (const record of readRecords(path, notes)) {
    if (record.type !== "request" || record.aborted) continue;
    if (!(Date.parse(record.receivedAt) >= from)) continue;
    if (records.length === MAX_STORE_TESTS) {
      throw new UsageError(
        `more than ${MAX_STORE_TESTS} requests captured since ${since}: give a later --since`,
      );
    }
    records.push(record);
  }
  if (records.length === 0) {
    throw new UsageError(`no requests captured since ${since} in ${path}`);
  }
  return records;
}

/**
 * The provider a run signs as, one for all its records (one secret): --provider, which also
 * takes the records captured before their provider was known, and leaves out the others; else
 * the one the records agree on.
 */
export function storeProvider(
  records: readonly RequestRecord[],
  flag: Provider | undefined,
): { provider: Provider; records: RequestRecord[] } {
  if (flag) {
    const mine = records.filter((record) => (record.provider ?? flag.id) === flag.id);
    if (mine.length === 0) {
      throw new UsageError(`none of the selected requests is from ${flag.id}`);
    }
    return { provider: flag, records: mine };
  }
  const ids = [...new Set(records.map((record) => record.provider ?? "unknown"))];
  if (ids.length > 1) {
    throw new UsageError(
      `the selected requests come from several providers (${ids.join(", ")}), and a run signs with one secret: pick one with --provider <id>`,
    );
  }
  const provider = findProvider(ids[0] ?? "");
  if (!provider) {
    throw new UsageError(
      "the selected requests do not say which provider sent them: pass --provider <id>",
    );
  }
  return { provider, records: [...records] };
}

/**
 * One test per record: its method, its exact body and its headers without signatures,
 * credentials and what tunnels added, sent to the run's URL (the record's path is not kept),
 * and signed at each attempt by the provider's sign() with the current secret and time, as
 * every send is. The event id is kept, as a provider's redelivery keeps it.
 */
export function recordFactory(record: RequestRecord, provider: Provider): EventFactory {
  const body = recordBody(record);
  const headers = lowerCaseNames(replayableHeaders(wireHeaders(record), provider));
  const event = record.eventType ?? "request";
  const id = record.eventId ?? record.id;
  const method = record.method.toUpperCase();
  return {
    event,
    build: () => ({ event, id, body, headers: { ...headers }, method }),
  };
}
