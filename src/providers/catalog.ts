import { readFileSync } from "node:fs";

/**
 * A provider's sample events (src/providers/samples/<id>.json), shaped like its real deliveries.
 * Bodies, header values and ids are templates filled at each send (placeholders: see
 * src/sender/template.ts). An entry of `events` is either an event or a table that generates
 * events, so that Clover's 12 keys x 3 types are data, not 36 copies.
 */
export interface SampleEvent {
  name: string;
  /** One line, shown by `hooks providers show`. */
  description: string;
  /** Headers the real sender adds (event type, delivery id, ...), canonical spelling. */
  headers?: Record<string, string>;
  /** The notification's id for the report, and the message id given to sign(). */
  id?: string;
  body?: unknown;
  /**
   * Instead of `body`: the body as text, sent as it is once its placeholders are filled (a form
   * post, or JSON laid out in a way JSON.stringify would not reproduce). `hooks events export`
   * writes it for such captures.
   */
  rawBody?: string;
  /** Instead of `body`: exact bytes, base64, sent unchanged (a body that is not UTF-8). */
  bodyBase64?: string;
  /** The HTTP method, when not POST (a captured request may have been a PUT). */
  method?: string;
  /** Where the provider batches objects into one notification. */
  batch?: BatchSpec;
  /** Spaces of indentation when the provider sends its JSON pretty-printed; compact when absent. */
  indent?: number;
  /**
   * A body field the receiver must send back in its 2xx answer, or the provider counts the
   * delivery as failed (Slack's url_verification `challenge`): src/sender/echo.ts checks it.
   */
  echo?: string;
}

/** Where a provider's deliveries say which API version they are shaped by (`--api-version`). */
export interface ApiVersionSpec {
  /** A top-level field of the body (Stripe's `api_version`)... */
  field?: string;
  /** ...or a header, canonical spelling (Shopify's `X-Shopify-API-Version`). */
  header?: string;
  /** What a version looks like, and an example of one, for a one-line error. */
  pattern: string;
  example: string;
}

interface BatchSpec {
  /** Dotted path to the array whose one element is the template of every item. */
  path: string;
  /** Most items a notification carries (Square: 100); more are split into several. */
  max?: number;
}

/**
 * Generates one event per combination of rows (cross product, first axis outermost); in the
 * event template `{{axis.field}}` is replaced by the row's field.
 */
interface EventTable {
  each: Record<string, Record<string, string>[]>;
  event: SampleEvent;
}

export interface SampleCatalogFile {
  provider: string;
  /**
   * Merged into every event: headers under the event's own; `id` and `indent` when the event has
   * none of its own.
   */
  defaults?: { headers?: Record<string, string>; id?: string; indent?: number };
  apiVersion?: ApiVersionSpec;
  events: (SampleEvent | EventTable)[];
}

export interface SampleCatalog {
  provider: string;
  events: SampleEvent[];
  apiVersion?: ApiVersionSpec;
}

const cache = new Map<string, SampleCatalog>();

/** Loads a provider's sample catalog; read lazily so that `hooks verify` never pays for it. */
export function loadCatalog(providerId: string): SampleCatalog {
  let catalog = cache.get(providerId);
  if (!catalog) {
    const file = new URL(`./samples/${providerId}.json`, import.meta.url);
    try {
      catalog = expandCatalog(JSON.parse(readFileSync(file, "utf8")) as SampleCatalogFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      catalog = { provider: providerId, events: [] };
    }
    cache.set(providerId, catalog);
  }
  return catalog;
}

export function listEvents(providerId: string): { name: string; description: string }[] {
  return loadCatalog(providerId).events.map(({ name, description }) => ({ name, description }));
}

export function expandCatalog(file: SampleCatalogFile): SampleCatalog {
  const events: SampleEvent[] = [];
  for (const entry of file.events) {
    for (const event of "each" in entry ? expandTable(entry) : [entry]) {
      events.push(withDefaults(event, file.defaults));
    }
  }
  const catalog: SampleCatalog = { provider: file.provider, events };
  if (file.apiVersion) catalog.apiVersion = file.apiVersion;
  return catalog;
}

function withDefaults(event: SampleEvent, defaults: SampleCatalogFile["defaults"]): SampleEvent {
  const out: SampleEvent = { ...event, headers: { ...defaults?.headers, ...event.headers } };
  const id = event.id ?? defaults?.id;
  if (id !== undefined) out.id = id;
  const indent = event.indent ?? defaults?.indent;
  if (indent !== undefined) out.indent = indent;
  return out;
}

function expandTable(table: EventTable): SampleEvent[] {
  let rows: Record<string, Record<string, string>>[] = [{}];
  for (const [axis, values] of Object.entries(table.each)) {
    rows = rows.flatMap((row) => values.map((value) => ({ ...row, [axis]: value })));
  }
  const text = JSON.stringify(table.event);
  return rows.map((row) => {
    const filled = text.replace(/\{\{(\w+)\.(\w+)\}\}/g, (whole, axis: string, field: string) => {
      const value = row[axis]?.[field];
      // Inside a JSON string: escape the value the way JSON.stringify would.
      return value === undefined ? whole : JSON.stringify(value).slice(1, -1);
    });
    return JSON.parse(filled) as SampleEvent;
  });
}
