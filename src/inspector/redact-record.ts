import { listProviders } from "../providers/index.js";
import { maskSecret, redact } from "../util/secrets.js";
import type { InspectorRecord } from "./entry-summary.js";

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
 * The record as the page may see it: every known secret masked wherever it appears (a body may
 * echo one), and the value of any header that is a secret by nature masked even when the secret
 * is not known here. Replays and curl commands are built on the server from the stored record,
 * so masking costs them nothing.
 */
export function redactRecord<T extends InspectorRecord>(record: T, secrets: readonly string[]): T {
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
