import { listProviders } from "../providers/index.js";
import { maskSecret, redact, redactUrl, searchedForms } from "../util/secrets.js";
import type { RequestRecord } from "./event-store-record.js";

let hiddenHeaders: ReadonlySet<string> | undefined;

/**
 * Headers whose value is the shared secret itself rather than a signature made with it
 * (Clover's X-Clover-Auth carries the app's auth code): providers that sign no bytes.
 */
export function secretHeaderNames(): ReadonlySet<string> {
  // The providers are fixed for the process, and this is asked for every request shown.
  hiddenHeaders ??= new Set(
    listProviders()
      .filter((provider) => !provider.signsBody)
      .map((provider) => provider.signatureHeader.toLowerCase()),
  );
  return hiddenHeaders;
}

/** A record, or a request not answered yet (the listener's `request` event). */
export type ShownRecord = Omit<RequestRecord, "response" | "forward"> &
  Partial<Pick<RequestRecord, "response" | "forward">>;

/**
 * A captured record as it may be shown (listen and its --json lines, events list/show, the
 * inspector): every known secret masked wherever it appears (the path or query, the URL, a header
 * name or value, the body, even base64-encoded, and every text taken from the request: event type
 * and id, Clover's code, the signature's reason), and the value of any header that is a secret by
 * nature masked even when the secret is not known here. The store keeps the request as it came;
 * replays and curl commands are built from the stored record.
 */
export function redactRecord<T extends ShownRecord>(record: T, secrets: readonly string[]): T {
  const hidden = secretHeaderNames();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    headers[redact(name, secrets)] = hidden.has(name.toLowerCase())
      ? maskSecret(value)
      : redact(value, secrets);
  }
  if (secrets.length === 0) return { ...record, headers };
  const out: T = {
    ...record,
    headers,
    path: redact(record.path, secrets),
    url: redactUrl(record.url, secrets),
    body:
      record.bodyEncoding === "base64"
        ? redactBase64(record.body, secrets)
        : redact(record.body, secrets),
    signature: redactFields(record.signature, secrets),
  };
  for (const key of ["eventType", "eventId", "verificationCode", "remoteAddress"] as const) {
    const value = record[key];
    if (value !== undefined) out[key] = redact(value, secrets);
  }
  if (record.forward) out.forward = redactFields(record.forward, secrets);
  return out;
}

/** The same object with every string field redacted. */
function redactFields<T extends object>(value: T, secrets: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = typeof field === "string" ? redact(field, secrets) : field;
  }
  return out as T;
}

/**
 * A body that is not UTF-8 is shown as base64, which would hide a secret from a text search but
 * not from anyone who decodes it: the secret is masked in the bytes, then the bytes re-encoded.
 */
function redactBase64(body: string, secrets: readonly string[]): string {
  let bytes = Buffer.from(body, "base64");
  let changed = false;
  for (const { form, mask } of searchedForms(secrets)) {
    const needle = Buffer.from(form);
    if (bytes.indexOf(needle) === -1) continue;
    changed = true;
    const parts: Buffer[] = [];
    let from = 0;
    for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, from)) {
      parts.push(bytes.subarray(from, at), Buffer.from(mask));
      from = at + needle.length;
    }
    parts.push(bytes.subarray(from));
    bytes = Buffer.concat(parts);
  }
  return changed ? bytes.toString("base64") : body;
}

/**
 * The JSON line to print for a record whose stored line is `line`: the same line unless it holds
 * something to mask. The listener prints every request, so the common case costs a few lookups:
 * the line is the record's JSON, so a secret anywhere in it (path, header, body, reason) is found
 * by looking for the secret as JSON writes it.
 */
export function printableLine(
  record: RequestRecord,
  line: string,
  secrets: readonly string[],
  hidden: ReadonlySet<string> = secretHeaderNames(),
): string {
  let exposes = lineHoldsSecret(line, secrets);
  for (const name of hidden) exposes ||= name in record.headers;
  if (!exposes && secrets.length > 0 && record.bodyEncoding === "base64") {
    const bytes = Buffer.from(record.body, "base64");
    exposes = needlesOf(secrets).forms.some((form) => bytes.includes(form));
  }
  return exposes ? JSON.stringify(redactRecord(record, secrets)) : line;
}

/**
 * Whether a stored JSON line holds a known secret in any form masking looks for (as typed,
 * percent-encoded), written the way JSON escapes it. Both what the listener prints and what the
 * inspector searches ask this, so that neither shows or matches what the other would mask.
 */
export function lineHoldsSecret(line: string, secrets: readonly string[]): boolean {
  if (secrets.length === 0) return false;
  return needlesOf(secrets).escaped.some((needle) => line.includes(needle));
}

/** The forms of a list of secrets that masking looks for, as they are and as JSON writes them. */
interface Needles {
  /** The list they were made from, copied: the listener's list grows once --register has one. */
  secrets: readonly string[];
  forms: readonly string[];
  escaped: readonly string[];
}

const needles = new WeakMap<readonly string[], Needles>();

/**
 * The listener asks for every request it prints, always with the same list: the forms (percent-
 * encodings, masks, sorting) and their JSON escapes are worked out once per list and content.
 */
function needlesOf(secrets: readonly string[]): Needles {
  const kept = needles.get(secrets);
  if (
    kept !== undefined &&
    kept.secrets.length === secrets.length &&
    kept.secrets.every((secret, i) => secret === secrets[i])
  ) {
    return kept;
  }
  const forms = searchedForms(secrets).map(({ form }) => form);
  const made: Needles = {
    secrets: [...secrets],
    forms,
    escaped: forms.map((form) => JSON.stringify(form).slice(1, -1)),
  };
  needles.set(secrets, made);
  return made;
}
