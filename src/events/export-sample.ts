import type { SampleCatalogFile, SampleEvent } from "../providers/catalog.js";
import { findProvider } from "../providers/index.js";
import type { HeaderMap, Provider } from "../providers/types.js";
import type { RequestRecord } from "../store/event-store-record.js";
import { redactRecord } from "../store/redact-record.js";
import { tryParseJson } from "../util/json.js";
import { Placeholders } from "./placeholders.js";
import { replayableHeaders } from "./replayable-headers.js";

export interface ExportedSample {
  /** The sample file's content, in the catalog's format (src/providers/catalog.ts). */
  file: SampleCatalogFile;
  /** `<provider>-<event>-<short id>.json`, safe characters only. */
  fileName: string;
  /** The sample event's name (its event type, or `request`). */
  event: string;
  /** What was left out or kept exact, for the user. */
  notes: string[];
}

/** The layouts a sender's JSON is tried against: compact, then the usual indents. */
const INDENTS = [undefined, 2, 4, 1, 3] as const;
const PLACEHOLDER_OPEN = "{{";

/**
 * One captured request as a sample file: its headers without signatures, credentials and what
 * tunnels add; every known secret masked (src/store/redact-record.ts); its event id and send
 * times as placeholders. A JSON body is kept as JSON when JSON.stringify lays it out byte for
 * byte as it came (so the catalog's `body` and `indent` reproduce it); any other text is
 * `rawBody`, and bytes that are not UTF-8, or text holding `{{` (which would read as a
 * placeholder), are `bodyBase64`, exact and without placeholders.
 */
export function exportSample(
  record: RequestRecord,
  options: { secrets: readonly string[]; provider: Provider },
): ExportedSample {
  const { provider } = options;
  const notes: string[] = [];
  const eventId =
    record.eventId ?? provider.eventId(record.headers, tryParseJson(bodyText(record) ?? ""));
  const shown = redactRecord(record, options.secrets);
  const places = new Placeholders(Date.parse(record.receivedAt), eventId);
  const event: SampleEvent = {
    name: shown.eventType ?? "request",
    description: `captured ${record.receivedAt}: ${record.method} ${shown.path} (request ${record.id})`,
  };
  const id = places.sampleId();
  if (id !== undefined) event.id = id;
  if (record.method.toUpperCase() !== "POST") event.method = record.method.toUpperCase();
  Object.assign(event, exportBody(shown, places, notes));
  event.headers = exportHeaders(shown, provider, places, notes);
  return {
    file: { provider: provider.id, events: [event] },
    fileName: sampleFileName(provider.id, event.name, record.id),
    event: event.name,
    notes,
  };
}

function bodyText(record: Pick<RequestRecord, "body" | "bodyEncoding">): string | undefined {
  return record.bodyEncoding === "base64" ? undefined : record.body;
}

function exportBody(
  record: Pick<RequestRecord, "body" | "bodyEncoding">,
  places: Placeholders,
  notes: string[],
): Pick<SampleEvent, "body" | "indent" | "rawBody" | "bodyBase64"> {
  const text = bodyText(record);
  if (text === undefined) {
    notes.push("the body is not UTF-8: kept exact (bodyBase64), without placeholders");
    return { bodyBase64: record.body };
  }
  if (text.includes(PLACEHOLDER_OPEN)) {
    notes.push("the body holds {{, which would read as a placeholder: kept exact (bodyBase64)");
    return { bodyBase64: Buffer.from(text).toString("base64") };
  }
  const json = text === "" ? undefined : tryParseJson(text);
  if (json !== undefined && json !== null) {
    const layout = INDENTS.findIndex((each) => JSON.stringify(json, null, each) === text);
    if (layout >= 0) {
      const body = templatize(json, places);
      const indent = INDENTS[layout];
      return indent === undefined ? { body } : { body, indent };
    }
  }
  return { rawBody: places.text(text) };
}

/** A parsed JSON body with its event id and send times replaced, keys in their order. */
function templatize(value: unknown, places: Placeholders): unknown {
  if (typeof value === "string") return places.string(value);
  if (typeof value === "number") return places.number(value);
  if (Array.isArray(value)) return value.map((item) => templatize(item, places));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = templatize(field, places);
    return out;
  }
  return value;
}

function exportHeaders(
  record: Pick<RequestRecord, "headers" | "headerEncodings">,
  provider: Provider,
  places: Placeholders,
  notes: string[],
): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(replayableHeaders(record.headers, provider))) {
    if (record.headerEncodings?.[name] === "base64" || value.includes(PLACEHOLDER_OPEN)) {
      notes.push(`header ${name} left out: its value cannot be written as a template`);
      continue;
    }
    out[name] = places.string(value);
  }
  return out;
}

/** `stripe-payment_intent.succeeded-ab12cd.json`: the short id is what `hooks listen` shows. */
export function sampleFileName(provider: string, event: string, requestId: string): string {
  const safe = (text: string): string =>
    text
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^[.-]+|-+$/g, "")
      .slice(0, 60);
  const parts = [safe(provider), safe(event) || "request", safe(requestId.slice(-6))];
  return `${parts.filter(Boolean).join("-")}.json`;
}

/** The provider of a record: --provider, else the one the capture recorded. */
export function exportProvider(
  record: Pick<RequestRecord, "provider">,
  flag: string | undefined,
): Provider | undefined {
  return findProvider(flag ?? record.provider ?? "");
}
