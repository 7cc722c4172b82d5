import { listProviders } from "../providers/index.js";
import { maskSecret, redact } from "../util/secrets.js";
import type { RequestRecord } from "./event-store-record.js";

/**
 * Headers whose value is the shared secret itself rather than a signature made with it
 * (Clover's X-Clover-Auth carries the app's auth code): providers that sign no bytes.
 */
export function secretHeaderNames(): Set<string> {
  return new Set(
    listProviders()
      .filter((provider) => !provider.signsBody)
      .map((provider) => provider.signatureHeader.toLowerCase()),
  );
}

/**
 * A captured record as it may be shown (listen --json, events show/list, the inspector page): every
 * known secret masked wherever it appears (a body may echo one), and the value of any header that
 * is a secret by nature masked even when the secret is not known here. The store keeps the
 * request as it came; replays and curl commands are built from the stored record.
 */
export function redactRecord<T extends RequestRecord>(record: T, secrets: readonly string[]): T {
  const hidden = secretHeaderNames();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    headers[name] = hidden.has(name.toLowerCase()) ? maskSecret(value) : redact(value, secrets);
  }
  const body =
    record.bodyEncoding === "base64" || secrets.length === 0
      ? record.body
      : redact(record.body, secrets);
  return { ...record, headers, body };
}

/**
 * The JSON line to print for a record whose stored line is `line`: the same line unless it holds
 * something to mask. The listener prints every request, so the common case costs two lookups.
 */
export function printableLine(
  record: RequestRecord,
  line: string,
  secrets: readonly string[],
  hidden: ReadonlySet<string> = secretHeaderNames(),
): string {
  let exposes = false;
  for (const name of hidden) exposes ||= name in record.headers;
  exposes ||= secrets.some((secret) => secret.length >= 4 && line.includes(secret));
  return exposes ? JSON.stringify(redactRecord(record, secrets)) : line;
}
