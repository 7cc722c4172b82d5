import { existsSync } from "node:fs";
import { UsageError } from "../errors.js";
import { getProvider } from "../providers/index.js";
import { defaultStorePath } from "../store/event-store-path.js";
import { describeNotes, readRecords, type ReadNotes } from "../store/event-store-reader.js";
import { recordBody } from "../store/event-store-record.js";
import { tryParseJson } from "../util/json.js";
import { parseSince } from "../util/since.js";
import { openApi } from "./open-api.js";
import type { WebhooksFlags } from "./run-webhooks.js";
import type { ProviderDelivery, RedeliverResult } from "./types.js";

// `hooks webhooks deliveries` and `redeliver`: the provider's log of what it sent, set beside the
// local store. A delivery is "missing" when the store holds no request with its event id (the
// id hooks' provider module reads for duplicates: GitHub's X-GitHub-Delivery, Poynt's body id).

export interface DeliveryFlags extends WebhooksFlags {
  since?: string | undefined;
  missing?: boolean | undefined;
  store?: string | undefined;
}

export interface DeliveryReport {
  deliveries: (ProviderDelivery & { arrived?: boolean })[];
  /** Set with --missing: how many of the deliveries the store holds. */
  compared?: { store: string; arrived: number; missing: number };
  notes: string[];
}

export async function listDeliveries(id: string, flags: DeliveryFlags): Promise<DeliveryReport> {
  const { api, settings } = await openApi(flags, "deliveries");
  if (!api.deliveries) throw new Error(`${api.provider} client has no deliveries()`);
  const since = flags.since === undefined ? undefined : parseSince(flags.since);
  const deliveries = await api.deliveries(id, since);
  if (!flags.missing) return { deliveries, notes: [] };
  const store = flags.store ?? defaultStorePath();
  const { ids, notes } = await arrivedIds(store, settings.provider);
  const marked = deliveries.map((d) => ({
    ...d,
    arrived: d.eventId !== null && ids.has(d.eventId),
  }));
  const missing = marked.filter((d) => !d.arrived);
  return {
    deliveries: missing,
    compared: { store, arrived: marked.length - missing.length, missing: missing.length },
    notes,
  };
}

export async function redeliver(
  id: string,
  deliveryIds: string[],
  flags: DeliveryFlags,
): Promise<{ results: RedeliverResult[]; notes: string[] }> {
  if (deliveryIds.length > 0 && flags.missing) {
    throw new UsageError("give delivery ids or --missing, not both");
  }
  if (deliveryIds.length === 0 && !flags.missing) {
    throw new UsageError(
      "which deliveries? give their ids (hooks webhooks deliveries <id> lists them) or --missing",
    );
  }
  const { api } = await openApi(flags, "deliveries");
  if (!api.redeliver) throw new Error(`${api.provider} client has no redeliver()`);
  let ids = deliveryIds;
  let notes: string[] = [];
  if (flags.missing) {
    const report = await listDeliveries(id, flags);
    // One redelivery per event: a delivery retried by the provider is listed more than once.
    const byEvent = new Map<string, string>();
    for (const d of report.deliveries) byEvent.set(d.eventId ?? d.id, d.id);
    ids = [...byEvent.values()];
    notes = report.notes;
    if (ids.length === 0) return { results: [], notes };
  }
  return { results: await api.redeliver(id, ids), notes };
}

/** The event ids of the store's requests from one provider. */
async function arrivedIds(
  store: string,
  providerId: string,
): Promise<{ ids: Set<string>; notes: string[] }> {
  const provider = getProvider(providerId);
  const notes: ReadNotes = { tornLastLine: false, unreadableLines: 0 };
  const ids = new Set<string>();
  // No store yet: nothing arrived, so every delivery is missing.
  if (!existsSync(store))
    return { ids, notes: [`no store at ${store} yet: nothing has arrived there`] };
  for await (const record of readRecords(store, notes)) {
    if (record.provider !== providerId) continue;
    const json = tryParseJson(recordBody(record).toString("utf8"));
    const eventId = provider.eventId(record.headers, json);
    if (eventId !== undefined) ids.add(eventId);
  }
  return { ids, notes: describeNotes(store, notes) };
}
