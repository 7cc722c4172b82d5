import { UsageError } from "../errors.js";
import type { SampleEvent } from "../providers/catalog.js";
import type { HeaderMap } from "../providers/types.js";
import { echoOf } from "./echo.js";
import { emptyHeaders, lowerCaseNames } from "./headers.js";
import { applyOverrides, type Override } from "./overrides.js";
import {
  collectDefinitions,
  compile,
  define,
  render,
  scopeOf,
  type Definition,
  type RenderContext,
  type Template,
} from "./template.js";
import type { Notification } from "./types.js";

/** Makes the notifications of one sample event, each with fresh ids. */
export interface EventFactory {
  event: string;
  /** Present when the event batches objects: the most a notification may carry. */
  batch?: { max: number | undefined };
  /** One notification; `items` is how many batched objects it carries. */
  build(now: number, seq: number, items: number): Notification;
}

export interface FactoryOptions {
  overrides: readonly Override[];
  /** `--header` flags; they win over everything, signatures included. */
  userHeaders: HeaderMap;
}

const ITEMS_MARKER = "{{@items}}";
const DEFAULT_ID = "{{uuid}}";
const DEFAULT_CONTENT_TYPE = "application/json";

export function compileEvent(sample: SampleEvent, options: FactoryOptions): EventFactory {
  const where = `sample ${sample.name}`;
  const raw = rawBodyOf(sample, options.overrides);
  let body = raw ? undefined : applyOverrides(sample.body ?? {}, options.overrides);
  let itemText: string | undefined;
  if (sample.batch && !raw) {
    body = body === sample.body ? structuredClone(body) : body;
    itemText = JSON.stringify(takeBatchItem(body, sample.batch.path, sample.name));
  }
  // Laid out as the provider sends it (Stripe: 2-space JSON), since that is what gets signed.
  const bodyText = raw?.text ?? JSON.stringify(body, null, sample.indent);
  const idText = sample.id ?? DEFAULT_ID;
  const headerTexts = Object.entries(lowerCaseNames(sample.headers ?? {}));
  const definitions = collectDefinitions(
    [bodyText, idText, ...headerTexts.map(([, value]) => value)].join("\n"),
    where,
  );
  const scope = scopeOf(definitions);
  const bodyTemplate = compile(bodyText, scope, { json: raw === undefined, where });
  const idTemplate = compile(idText, scope, { json: false, where });
  const headerTemplates = headerTexts.map(
    ([name, value]) => [name, compile(value, scope, { json: false, where })] as const,
  );
  let item: { definitions: Definition[]; template: Template } | undefined;
  if (itemText !== undefined) {
    const itemDefinitions = collectDefinitions(itemText, where);
    const itemScope = new Map([...scope, ...scopeOf(itemDefinitions)]);
    item = {
      definitions: itemDefinitions,
      template: compile(itemText, itemScope, { json: true, where }),
    };
  }
  const fixedHeaders = headerTexts.some(([name]) => name === "content-type")
    ? undefined
    : DEFAULT_CONTENT_TYPE;
  const userHeaders = lowerCaseNames(options.userHeaders);
  const echoField = sample.echo;

  const factory: EventFactory = {
    event: sample.name,
    build(now, seq, items) {
      const ctx: RenderContext = { vars: {}, now, event: sample.name, seq };
      define(definitions, ctx);
      if (item) ctx.items = () => renderItems(item, ctx, items);
      const headers = emptyHeaders();
      if (fixedHeaders) headers["content-type"] = fixedHeaders;
      for (const [name, template] of headerTemplates) headers[name] = render(template, ctx);
      for (const name in userHeaders) headers[name] = userHeaders[name] as string;
      const text = render(bodyTemplate, ctx);
      const notification: Notification = {
        event: sample.name,
        id: render(idTemplate, ctx),
        body: raw?.bytes ?? Buffer.from(text),
        headers,
      };
      if (sample.method !== undefined) notification.method = sample.method;
      const echo = echoField && echoOf(text, echoField);
      if (echo) notification.echo = echo;
      return notification;
    },
  };
  if (sample.batch) factory.batch = { max: sample.batch.max };
  return factory;
}

/**
 * A sample's `rawBody` (text with placeholders) or `bodyBase64` (exact bytes): sent as they are,
 * so `--set`, which edits a JSON body, has nothing to edit.
 */
function rawBodyOf(
  sample: SampleEvent,
  overrides: readonly Override[],
): { text: string; bytes?: Buffer } | undefined {
  const { rawBody, bodyBase64 } = sample;
  if (rawBody === undefined && bodyBase64 === undefined) return undefined;
  if (overrides.length > 0) {
    throw new UsageError(`--set edits a JSON body; sample ${sample.name} has a raw body`);
  }
  // The bytes are sent as they are; the empty text only gives the template nothing to fill.
  if (bodyBase64 !== undefined) return { text: "", bytes: Buffer.from(bodyBase64, "base64") };
  return { text: rawBody as string };
}

function renderItems(
  item: { definitions: Definition[]; template: Template },
  ctx: RenderContext,
  count: number,
): string {
  let out = "[";
  for (let i = 0; i < count; i += 1) {
    define(item.definitions, ctx);
    out += (i === 0 ? "" : ",") + render(item.template, ctx);
  }
  return `${out}]`;
}

/** Replaces the batched array by the items marker and returns its one element, the item template. */
function takeBatchItem(body: unknown, path: string, event: string): unknown {
  const keys = path.split(".");
  const last = keys.pop() as string;
  let node = body as Record<string, unknown> | undefined;
  for (const key of keys) node = node?.[key] as Record<string, unknown> | undefined;
  const items = node?.[last];
  if (!Array.isArray(items) || items.length === 0) {
    throw new Error(`sample ${event}: batch path "${path}" is not an array with one item`);
  }
  (node as Record<string, unknown>)[last] = ITEMS_MARKER;
  return items[0];
}

/**
 * `--payload`: the given bytes, sent as they are, with the headers of the named event (or of the
 * event the payload itself names) and fresh ids in them.
 */
export function payloadFactory(
  bytes: Buffer,
  event: string,
  sample: SampleEvent | undefined,
  bodyId: string | undefined,
  options: FactoryOptions,
): EventFactory {
  const headersOnly: SampleEvent = {
    name: event,
    description: "",
    headers: sample?.headers ?? {},
    id: sample?.id ?? DEFAULT_ID,
    body: sample?.body ?? {},
  };
  const inner = compileEvent(headersOnly, { overrides: [], userHeaders: options.userHeaders });
  return {
    event,
    build(now, seq) {
      const notification = inner.build(now, seq, 0);
      const sent: Notification = { ...notification, id: bodyId ?? notification.id, body: bytes };
      // What must come back is what these bytes carry, not what the sample would have.
      const echo = sample?.echo === undefined ? undefined : echoOf(bytes, sample.echo);
      if (echo) sent.echo = echo;
      return sent;
    },
  };
}

/** Clover's verification POST: `{"verificationCode":"<uuid>"}`, with no auth code. */
export function verificationFactory(
  code: string,
  sample: SampleEvent | undefined,
  options: FactoryOptions,
): EventFactory {
  const body = Buffer.from(JSON.stringify({ verificationCode: code }));
  const headers = lowerCaseNames({
    "content-type": DEFAULT_CONTENT_TYPE,
    ...staticHeaders(sample),
    ...options.userHeaders,
  });
  return {
    event: "verification",
    build: () => ({
      event: "verification",
      id: code,
      body,
      headers: { ...headers },
      unsigned: true,
    }),
  };
}

/** The headers of a sample that need no filling (User-Agent, Content-Type). */
function staticHeaders(sample: SampleEvent | undefined): HeaderMap {
  return Object.fromEntries(
    Object.entries(sample?.headers ?? {}).filter(([, value]) => !value.includes("{{")),
  );
}
