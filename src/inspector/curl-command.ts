import { endToEndHeaders } from "../listener/forward.js";
import { findProvider } from "../providers/index.js";
import type { HeaderMap } from "../providers/types.js";
import { recordBody } from "../store/event-store-record.js";
import type { InspectorRecord } from "./entry-summary.js";
import { secretHeaderNames } from "../store/redact-record.js";
import { resignHeaders } from "../listener/resign-headers.js";

export interface CurlOptions {
  /** Where the command sends the request. */
  url: string;
  /** Known secrets; the first signs. Never written into the command. */
  secrets: readonly string[];
  /** Unix seconds for the fresh signature. */
  now: number;
}

export interface CurlCommand {
  command: string;
  /** True when the signature headers are fresh ones, as `hooks sign` would print them. */
  resigned: boolean;
  /** What the user must know before running it (an environment variable to set, a stale signature). */
  note: string;
}

const SECRET_VARIABLE = "HOOKS_SECRET";

/**
 * The captured request as a curl command: its method, end-to-end headers and exact body, with
 * the signature headers `hooks sign` would produce now (the provider's own sign()). A header whose
 * value is the secret itself (Clover's auth code) refers to $HOOKS_SECRET instead, so the command
 * can be pasted into a ticket without leaking anything.
 */
export function curlCommand(record: InspectorRecord, options: CurlOptions): CurlCommand {
  const body = recordBody(record);
  const provider = record.provider ? findProvider(record.provider) : undefined;
  const secret = options.secrets[0];
  let headers: HeaderMap = endToEndHeaders(record.headers ?? {});
  let resigned = false;
  let note = "";
  if (provider && secret !== undefined) {
    const fresh = resignHeaders(record, { secret, url: options.url, now: options.now });
    if (fresh.ok) {
      headers = endToEndHeaders(fresh.headers);
      resigned = true;
    } else {
      note = `could not sign again (${fresh.reason}); the captured signature is kept`;
    }
  } else if (provider) {
    note = `no secret known: the captured ${provider.name} signature is kept, and fails once it is too old`;
  }

  const secretHeaders = secretHeaderNames();
  const args = [`curl -X ${record.method} ${quote(options.url)}`];
  let needsVariable = false;
  for (const [name, value] of Object.entries(headers)) {
    const carriesSecret =
      secretHeaders.has(name.toLowerCase()) ||
      options.secrets.some((known) => known.length >= 4 && value.includes(known));
    if (carriesSecret) {
      needsVariable = true;
      args.push(`-H "${escapeDoubleQuoted(name)}: $${SECRET_VARIABLE}"`);
    } else {
      args.push(`-H ${quote(`${name}: ${value}`)}`);
    }
  }
  let prefix = "";
  if (body.length > 0) {
    if (record.bodyEncoding === "base64") {
      prefix = `printf '%s' ${quote(record.body)} | base64 -d | `;
      args.push("--data-binary @-");
    } else {
      args.push(`--data-raw ${quote(body.toString("utf8"))}`);
    }
  }
  if (needsVariable) {
    note = `set ${SECRET_VARIABLE} to the ${provider?.name ?? "provider"} secret first (it is not shown here)`;
  }
  return { command: prefix + args.join(" \\\n  "), resigned, note };
}

/** POSIX single quotes: everything literal, a quote itself closed, escaped and reopened. */
export function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function escapeDoubleQuoted(text: string): string {
  return text.replace(/["\\$`]/g, (char) => `\\${char}`);
}
