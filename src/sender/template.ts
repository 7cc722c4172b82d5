import { randomUUID } from "node:crypto";
import { UsageError } from "../errors.js";
import { BASE62, DIGITS, HEX, UPPER_ALNUM, randomChars, randomInt } from "./random.js";

/**
 * Sample templates are JSON (bodies) or plain strings (headers, ids) with placeholders, filled at
 * each send so that every notification carries fresh ids and timestamps:
 *
 *   {{uuid}} {{hex:N}} {{alnum:N}} {{b62:N}} {{digits:N}}   fresh random ids
 *   {{int:MIN:MAX}}                                         a random integer
 *   {{now:iso}} {{now:iso0}} {{now:ms}} {{now:unix}} {{now:date}}   the send time
 *   {{seq}} {{event}}                                       notification number, event name
 *   {{name=GEN}} ... {{name}}                               one value reused in a notification
 *
 * A JSON string that is only a numeric placeholder ("{{now:ms}}") becomes a JSON number, unless
 * the placeholder ends in `|str` ("{{int:1:99|str}}" stays a string, as Square's quantities).
 * Templates are compiled once into string segments, so filling one is a string concatenation.
 */
export interface RenderContext {
  vars: Record<string, string | number>;
  /** Send time, Unix milliseconds. */
  now: number;
  event: string;
  seq: number;
  /** Renders a batch's items where the body has `{{@items}}`. */
  items?: () => string;
}

type Value = string | number;
type Generate = (ctx: RenderContext) => Value;
type Segment = string | ((ctx: RenderContext) => string);

interface Generator {
  fn: Generate;
  numeric: boolean;
}

export interface Definition {
  name: string;
  generator: Generator;
}

export interface Template {
  segments: readonly Segment[];
}

const PLACEHOLDER = /("?)\{\{([^{}]+)\}\}("?)/g;
const NAME = /^[A-Za-z_]\w*$/;
const ITEMS = "@items";
const AS_STRING = "|str";

export const PLACEHOLDER_HELP =
  "uuid, hex:N, alnum:N, b62:N, digits:N, int:MIN:MAX, now:iso|iso0|ms|unix|date, seq, event, name=GEN, GEN|str";

function sized(arg: string | undefined, alphabet: string): Generator | undefined {
  const length = Number(arg);
  if (!Number.isInteger(length) || length < 1 || length > 256) return undefined;
  return { fn: () => randomChars(alphabet, length), numeric: false };
}

function parseGenerator(spec: string): Generator | undefined {
  if (spec.endsWith(AS_STRING)) {
    const inner = parseGenerator(spec.slice(0, -AS_STRING.length));
    return inner && { fn: inner.fn, numeric: false };
  }
  const [kind, a, b] = spec.split(":");
  switch (kind) {
    case "uuid":
      return a === undefined ? { fn: () => randomUUID(), numeric: false } : undefined;
    case "hex":
      return sized(a, HEX);
    case "alnum":
      return sized(a, UPPER_ALNUM);
    case "b62":
      return sized(a, BASE62);
    case "digits":
      return sized(a, DIGITS);
    case "int": {
      const min = Number(a);
      const max = Number(b);
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) return undefined;
      return { fn: () => randomInt(min, max), numeric: true };
    }
    case "now":
      return nowGenerator(a);
    case "seq":
      return { fn: (ctx) => ctx.seq, numeric: true };
    case "event":
      return { fn: (ctx) => ctx.event, numeric: false };
    default:
      return undefined;
  }
}

// Every notification of a busy run asks for the same few milliseconds' ISO strings.
let isoOf = { ms: NaN, text: "" };
function iso(ms: number): string {
  if (isoOf.ms !== ms) isoOf = { ms, text: new Date(ms).toISOString() };
  return isoOf.text;
}

function nowGenerator(format: string | undefined): Generator | undefined {
  switch (format) {
    case "iso":
      return { fn: (ctx) => iso(ctx.now), numeric: false };
    case "iso0":
      return { fn: (ctx) => `${iso(ctx.now).slice(0, 19)}Z`, numeric: false };
    case "ms":
      return { fn: (ctx) => ctx.now, numeric: true };
    case "unix":
      return { fn: (ctx) => Math.floor(ctx.now / 1000), numeric: true };
    case "date":
      return { fn: (ctx) => iso(ctx.now).slice(0, 10), numeric: false };
    default:
      return undefined;
  }
}

function badPlaceholder(inner: string, where: string): UsageError {
  return new UsageError(
    `unknown placeholder {{${inner}}} in ${where}; placeholders: ${PLACEHOLDER_HELP}`,
  );
}

/** The `{{name=GEN}}` definitions of a template text, in order. */
export function collectDefinitions(text: string, where: string): Definition[] {
  const out: Definition[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const inner = (match[2] as string).trim();
    const equals = inner.indexOf("=");
    if (equals < 0) continue;
    const name = inner.slice(0, equals).trim();
    const generator = parseGenerator(inner.slice(equals + 1).trim());
    if (!NAME.test(name) || !generator) throw badPlaceholder(inner, where);
    if (!out.some((definition) => definition.name === name)) out.push({ name, generator });
  }
  return out;
}

/** Fills the named values of a notification (or of one batch item) before rendering. */
export function define(definitions: readonly Definition[], ctx: RenderContext): void {
  for (const { name, generator } of definitions) ctx.vars[name] = generator.fn(ctx);
}

/**
 * Compiles a template text. `scope` names the values defined anywhere in the notification (they
 * may be used before their definition, e.g. a header repeating a body id). In JSON mode a string
 * that is only a numeric placeholder loses its quotes.
 */
export function compile(
  text: string,
  scope: ReadonlyMap<string, boolean>,
  { json, where }: { json: boolean; where: string },
): Template {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const [whole, open = "", rawInner = "", close = ""] = match;
    const index = match.index;
    const inner = rawInner.trim();
    let literal = text.slice(last, index);
    last = index + whole.length;
    if (inner === ITEMS) {
      segments.push(literal, (ctx) => (ctx.items ? ctx.items() : ""));
      continue;
    }
    const equals = inner.indexOf("=");
    const name = equals < 0 ? inner : inner.slice(0, equals).trim();
    const generator = equals < 0 && !scope.has(name) ? parseGenerator(inner) : undefined;
    const numeric = generator ? generator.numeric : scope.get(name);
    if (numeric === undefined) throw badPlaceholder(inner, where);
    const escapedQuote = index > 0 && text[index - 1] === "\\";
    const bare = json && numeric && open === '"' && close === '"' && !escapedQuote;
    if (!bare) literal += open;
    segments.push(literal);
    segments.push(generator ? (ctx) => String(generator.fn(ctx)) : (ctx) => String(ctx.vars[name]));
    if (!bare && close) segments.push(close);
  }
  segments.push(text.slice(last));
  return { segments: merge(segments) };
}

/** Joins adjacent literal segments so that rendering does as few concatenations as it can. */
function merge(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const segment of segments) {
    const previous = out[out.length - 1];
    if (typeof segment === "string") {
      if (segment === "") continue;
      if (typeof previous === "string") out[out.length - 1] = previous + segment;
      else out.push(segment);
    } else {
      out.push(segment);
    }
  }
  return out;
}

export function render(template: Template, ctx: RenderContext): string {
  let out = "";
  for (const segment of template.segments) {
    out += typeof segment === "string" ? segment : segment(ctx);
  }
  return out;
}

/** The scope of a set of definitions: name -> whether its value is a number. */
export function scopeOf(definitions: readonly Definition[]): Map<string, boolean> {
  return new Map(definitions.map(({ name, generator }) => [name, generator.numeric]));
}
