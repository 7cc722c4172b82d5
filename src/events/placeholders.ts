/**
 * Turns the values of one captured request that a fresh send must make anew (its event id, the
 * timestamps of the moment it was sent) into the catalog's placeholders (src/sender/template.ts),
 * so that an exported sample sends fresh ids and the send time, as built-in samples do.
 *
 * The event id becomes `{{eventId=GEN}}` where it first appears and `{{eventId}}` everywhere
 * else, GEN keeping its shape (`evt_{{eventId=b62:24}}` for `evt_` and 24 letters and digits).
 * An ISO time or a Unix time (seconds or milliseconds) within NEAR_MS of the capture is the send
 * time: `{{now:iso}}`, `{{now:iso0}}`, `{{now:unix}}`, `{{now:ms}}`, the same instant throughout a
 * notification. Older times (an order created last week) are data and stay as they are.
 */
export const NEAR_MS = 15 * 60_000;

/** Shorter ids are replaced only where they are a whole value: `42` is in too many places. */
const MIN_EMBEDDED_ID = 8;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID_SHAPE = /^(.*?[_:.-])?([A-Za-z0-9]{1,256})$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ISO_S = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ISO_IN_TEXT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z/g;
const UNIX_IN_TEXT = /(?<![\w.])(?:\d{13}|\d{10})(?![\w.])/g;

export class Placeholders {
  private defined = false;
  private readonly id: { value: string; prefix: string; generator: string } | undefined;

  /** `capturedAt`: Unix ms of the capture; `eventId`: the provider's id of the event, if any. */
  constructor(
    private readonly capturedAt: number,
    eventId: string | undefined,
  ) {
    this.id = eventId === undefined || eventId === "" ? undefined : idShape(eventId);
  }

  /** The placeholder of the event id (defined once, then referenced). */
  private idText(): string {
    const id = this.id as NonNullable<Placeholders["id"]>;
    const inner = this.defined ? "eventId" : `eventId=${id.generator}`;
    this.defined = true;
    return `${id.prefix}{{${inner}}}`;
  }

  /** A JSON string value, or a header's: whole-value matches first, then the id inside it. */
  string(value: string): string {
    if (this.id && value === this.id.value) return this.idText();
    const time = this.isoTime(value);
    if (time !== undefined) return time;
    return this.embeddedIds(value);
  }

  /** A JSON number: the send time when it is a Unix time near the capture, as a placeholder. */
  number(value: number): string | number {
    if (!Number.isInteger(value)) return value;
    if (this.near(value * 1000) && String(value).length === 10) return "{{now:unix}}";
    if (this.near(value) && String(value).length === 13) return "{{now:ms}}";
    return value;
  }

  /** A body that is not JSON (a form post): the same replacements, in the text. */
  text(text: string): string {
    let out = this.embeddedIds(text);
    out = out.replace(ISO_IN_TEXT, (match) => this.isoTime(match) ?? match);
    return out.replace(UNIX_IN_TEXT, (match) => {
      const replaced = this.number(Number(match));
      return typeof replaced === "string" ? replaced : match;
    });
  }

  /** The sample's `id`: the event id's placeholder, when the request carried one. */
  sampleId(): string | undefined {
    return this.id ? this.idText() : undefined;
  }

  private embeddedIds(text: string): string {
    if (!this.id || this.id.value.length < MIN_EMBEDDED_ID || !text.includes(this.id.value)) {
      return text;
    }
    return text
      .split(this.id.value)
      .reduce((out, part, i) => (i === 0 ? part : out + this.idText() + part), "");
  }

  private isoTime(value: string): string | undefined {
    const format = ISO_MS.test(value) ? "iso" : ISO_S.test(value) ? "iso0" : undefined;
    if (format === undefined || !this.near(Date.parse(value))) return undefined;
    return `{{now:${format}}}`;
  }

  private near(ms: number): boolean {
    return Math.abs(ms - this.capturedAt) <= NEAR_MS;
  }
}

/** What a fresh id like this one is made of: its prefix kept, the rest as random of its kind. */
function idShape(value: string): { value: string; prefix: string; generator: string } {
  if (UUID.test(value)) return { value, prefix: "", generator: "uuid" };
  const match = ID_SHAPE.exec(value);
  if (!match || (match[1] ?? "").includes("{")) {
    // No recognisable shape (spaces, symbols): a fresh UUID is still a unique id.
    return { value, prefix: "", generator: "uuid" };
  }
  const prefix = match[1] ?? "";
  const rest = match[2] as string;
  const kind = /^\d+$/.test(rest)
    ? "digits"
    : /^[0-9a-f]+$/.test(rest)
      ? "hex"
      : /^[0-9A-Z]+$/.test(rest)
        ? "alnum"
        : "b62";
  return { value, prefix, generator: `${kind}:${rest.length}` };
}
