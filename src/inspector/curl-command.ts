import { endToEndHeaders } from "../listener/forward.js";
import { findProvider } from "../providers/index.js";
import type { HeaderMap } from "../providers/types.js";
import { recordBody } from "../store/event-store-record.js";
import type { InspectorRecord } from "./entry-summary.js";
import { secretHeaderNames } from "../store/redact-record.js";
import { resignHeaders } from "../listener/resign-headers.js";
import { maskSecret, redact } from "../util/secrets.js";

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
 * value is the secret itself (Clover's auth code), and the known secret wherever else it appears
 * (a query, a header, a body that echoes it), refer to $HOOKS_SECRET instead, so the command can
 * be pasted into a ticket without leaking anything.
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
  const words = new ShellWords(options.secrets);
  const args = [`curl -X ${record.method} ${words.of(options.url)}`];
  for (const [name, value] of Object.entries(headers)) {
    if (secretHeaders.has(name.toLowerCase())) {
      // The secret by nature (Clover's auth code), whether or not hooks was given it.
      words.usesVariable = true;
      args.push(`-H "${escapeDoubleQuoted(name)}: $${SECRET_VARIABLE}"`);
    } else {
      args.push(`-H ${words.of(`${name}: ${value}`)}`);
    }
  }
  let prefix = "";
  if (body.length > 0) {
    if (record.bodyEncoding === "base64") {
      prefix = `${words.ofBytes(body)} | `;
      args.push("--data-binary @-");
    } else {
      args.push(`--data-raw ${words.of(body.toString("utf8"))}`);
    }
  }
  if (words.usesVariable) {
    note = `set ${SECRET_VARIABLE} to the ${provider?.name ?? "provider"} secret first (it is not shown here)`;
  }
  if (words.masked) note = `${note ? `${note}; ` : ""}another known secret in it is masked`;
  return {
    command: prefix + args.join(" \\\n  "),
    resigned,
    note: redact(note, options.secrets),
  };
}

/**
 * Shell words for texts that may hold a known secret: the first secret (the one that signs) is
 * read from $HOOKS_SECRET wherever it appears, in the URL, a header or the body, so the command
 * sends the exact request once the variable is set and can be pasted anywhere meanwhile; any
 * other known secret is masked.
 */
class ShellWords {
  usesVariable = false;
  masked = false;

  constructor(private readonly secrets: readonly string[]) {}

  /** `text` as one shell word: single-quoted pieces joined to "$HOOKS_SECRET". */
  of(text: string): string {
    const parts = this.split(text);
    if (parts.length === 1 && typeof parts[0] === "string") return quote(parts[0]);
    return parts
      .map((part) => (typeof part === "string" ? quote(part) : this.secretWord(part.secret)))
      .join("");
  }

  /** A command that writes `bytes` to stdout, with the secret's bytes read from the variable. */
  ofBytes(bytes: Buffer): string {
    const decoded = (piece: Buffer) => `printf '%s' ${quote(piece.toString("base64"))} | base64 -d`;
    const steps: string[] = [];
    let from = 0;
    for (;;) {
      const found = this.nextIn(bytes, from);
      if (!found) break;
      if (found.at > from) steps.push(decoded(bytes.subarray(from, found.at)));
      steps.push(`printf '%s' ${this.secretWord(found.secret)}`);
      from = found.at + Buffer.byteLength(this.secrets[found.secret] as string);
    }
    if (steps.length === 0) return decoded(bytes);
    if (from < bytes.length) steps.push(decoded(bytes.subarray(from)));
    return `{ ${steps.join("; ")}; }`;
  }

  private secretWord(index: number): string {
    if (index === 0) {
      this.usesVariable = true;
      return `"$${SECRET_VARIABLE}"`;
    }
    this.masked = true;
    return quote(maskSecret(this.secrets[index] as string));
  }

  /** `text` cut at each known secret (the earliest first, the longest when two start together). */
  private split(text: string): (string | { secret: number })[] {
    const parts: (string | { secret: number })[] = [];
    let from = 0;
    for (;;) {
      const found = this.nextIn(text, from);
      if (!found) break;
      if (found.at > from) parts.push(text.slice(from, found.at));
      parts.push({ secret: found.secret });
      from = found.at + (this.secrets[found.secret] as string).length;
    }
    if (from < text.length || parts.length === 0) parts.push(text.slice(from));
    return parts;
  }

  private nextIn(
    haystack: string | Buffer,
    from: number,
  ): { at: number; secret: number } | undefined {
    let best: { at: number; secret: number } | undefined;
    this.secrets.forEach((secret, index) => {
      // Shorter ones are not masked anywhere else either (util/secrets' redact).
      if (secret.length < 4) return;
      const at = haystack.indexOf(secret, from);
      if (at === -1) return;
      if (
        !best ||
        at < best.at ||
        (at === best.at && secret.length > (this.secrets[best.secret] as string).length)
      ) {
        best = { at, secret: index };
      }
    });
    return best;
  }
}

/** POSIX single quotes: everything literal, a quote itself closed, escaped and reopened. */
export function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function escapeDoubleQuoted(text: string): string {
  return text.replace(/["\\$`]/g, (char) => `\\${char}`);
}
