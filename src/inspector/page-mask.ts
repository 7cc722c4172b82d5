import { lineHoldsSecret, redactRecord, secretHeaderNames } from "../store/redact-record.js";
import { redact } from "../util/secrets.js";
import type { EntrySummary, InspectorRecord } from "./entry-summary.js";

/** A list row shows this much of a text that came from a request; the detail shows it all. */
export const SUMMARY_TEXT_CHARS = 256;

/**
 * A record as the page may see it: redactRecord's masking (headers, body), then every other
 * text in it, wherever it came from (path, query, url, reasons, ids, event type, forward target
 * and error), with each known secret masked too. Header names are texts from the request as well.
 */
export function maskRecord<T extends InspectorRecord>(record: T, secrets: readonly string[]): T {
  const redacted = redactRecord(record, secrets);
  if (secrets.length === 0) return redacted;
  // The body is redactRecord's to mask (it knows when it is bytes rather than text).
  const { body, ...rest } = redacted;
  return { ...(maskStrings(rest, secrets) as object), body } as T;
}

/** Summary fields that hooks made itself (ids it generated, times), kept whole. */
const OWN_FIELDS = new Set(["id", "receivedAt", "replayOf", "duplicateOf"]);

/**
 * A list row with every known secret masked, then each text from the request cut to
 * SUMMARY_TEXT_CHARS: the index keeps 20,000 rows, and a path or an event type is as long as a
 * sender makes it.
 */
export function maskSummary(summary: EntrySummary, secrets: readonly string[]): EntrySummary {
  const masked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(summary)) {
    if (typeof value !== "string" || OWN_FIELDS.has(key)) masked[key] = value;
    // Masked before it is cut, so that a cut never leaves part of a secret behind.
    else masked[key] = cut(redact(value, secrets));
  }
  return masked as unknown as EntrySummary;
}

/**
 * True when a stored line may hold something the page must not see: a known secret (in any form
 * masking looks for) or a header that is a secret by nature. The common line holds neither and is
 * searched as it is stored.
 */
export function lineNeedsMask(
  line: string,
  secrets: readonly string[],
  hidden: ReadonlySet<string> = secretHeaderNames(),
): boolean {
  if (lineHoldsSecret(line, secrets)) return true;
  const lower = line.toLowerCase();
  for (const name of hidden) if (lower.includes(`"${name}"`)) return true;
  return false;
}

function maskStrings(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return redact(value, secrets);
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, secrets));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[redact(key, secrets)] = maskStrings(item, secrets);
    }
    return out;
  }
  return value;
}

function cut(text: string): string {
  return text.length > SUMMARY_TEXT_CHARS ? `${text.slice(0, SUMMARY_TEXT_CHARS - 1)}…` : text;
}
