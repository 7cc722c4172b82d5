import { createHash } from "node:crypto";
import { hmac, safeEqual } from "../util/crypto.js";
import { parseUnixSeconds } from "./verify-result.js";
import type { HeaderMap, Secret } from "./types.js";

// UP42's scheme, as its own example receivers (up42/up42-webhooks, snippets/validate_webhook.py)
// check it: `signature-input: up42-sig=("<header>" ...);created=<unix>` names the signed headers,
// `signature: up42-sig=<base64>` is the HMAC-SHA256 of their values concatenated in that order,
// with nothing between them, keyed with the secret's UTF-8 bytes. The body is covered only
// through a listed `content-digest` header (RFC 9530), which is why hooks lists one.

export const UP42_LABEL = "up42-sig";

/** What hooks lists when it signs: the body's digest, the time and the delivery id. */
export const UP42_ID_HEADER = "up42-delivery-id";
export const UP42_SIGNED_HEADERS = ["content-digest", "date", UP42_ID_HEADER] as const;

export const DIGEST_HEADER = "content-digest";

export interface SignatureParams {
  /** Lower-case header names, in the order their values are concatenated. */
  components: string[];
  created: number;
}

/** The `up42-sig` member of a signature-input header, or why it cannot be read. */
export function parseSignatureInput(value: string): SignatureParams | { error: string } {
  const member = /(?:^|[\s,])up42-sig=\(([^)]*)\)([^,]*)/.exec(value);
  if (!member) return { error: `no ${UP42_LABEL}=("<header>" ...);created=<unix> member` };
  // Tokens as UP42's snippet reads them: anything between quotes and spaces.
  const components = (member[1]?.match(/[^"\s]+/g) ?? []).map((name) => name.toLowerCase());
  if (components.length === 0) return { error: `${UP42_LABEL} lists no headers, so signs nothing` };
  const created = /;\s*created=([^;]*)/.exec(member[2] ?? "")?.[1];
  if (created === undefined) return { error: `${UP42_LABEL} has no ;created=<unix> parameter` };
  const seconds = parseUnixSeconds(created);
  if (seconds === undefined) return { error: `created "${created}" is not Unix seconds` };
  return { components, created: seconds };
}

export function formatSignatureInput(params: SignatureParams): string {
  const list = params.components.map((name) => `"${name}"`).join(" ");
  return `${UP42_LABEL}=(${list});created=${params.created}`;
}

/** The base64 of the `up42-sig` member of a signature header (`up42-sig=<base64>`). */
export function parseSignature(value: string): string | undefined {
  for (const member of value.split(",")) {
    const trimmed = member.trim();
    if (trimmed.startsWith(`${UP42_LABEL}=`)) return trimmed.slice(UP42_LABEL.length + 1).trim();
  }
  return undefined;
}

/** A string secret is its UTF-8 bytes (UP42 decodes nothing); a Buffer is the key as it is. */
export function up42Signature(secret: Secret, message: Buffer): string {
  const key = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, "utf8");
  return hmac("sha256", key, message).toString("base64");
}

/** The signed message: the listed headers' values, in order, joined with nothing. */
export function signedMessage(
  headers: HeaderMap,
  components: readonly string[],
): Buffer | { missing: string } {
  const values: string[] = [];
  for (const name of components) {
    const value = headers[name];
    if (value === undefined) return { missing: name };
    values.push(value);
  }
  return Buffer.from(values.join(""), "utf8");
}

const DIGESTS: Record<string, string> = { "sha-256": "sha256", "sha-512": "sha512" };

/** RFC 9530 `Content-Digest: sha-256=:<base64>:` of the raw body. */
export function contentDigest(body: Buffer): string {
  return `sha-256=:${createHash("sha256").update(body).digest("base64")}:`;
}

export type DigestCheck = { ok: true } | { ok: false; malformed: boolean; detail: string };

/**
 * Checks every digest of a content-digest header that hooks can compute (sha-256, sha-512)
 * against the raw body; one that differs fails the check, and a header with none is malformed.
 */
export function checkContentDigest(value: string, body: Buffer): DigestCheck {
  let checked = 0;
  for (const member of value.split(",")) {
    const match = /^\s*([A-Za-z0-9-]+)\s*=\s*:([A-Za-z0-9+/=]*):\s*$/.exec(member);
    const algorithm = match ? DIGESTS[(match[1] as string).toLowerCase()] : undefined;
    if (!match || algorithm === undefined) continue;
    checked += 1;
    const actual = createHash(algorithm).update(body).digest("base64");
    if (!safeEqual(match[2] as string, actual)) {
      return {
        ok: false,
        malformed: false,
        detail: `its ${(match[1] as string).toLowerCase()} is not the digest of the body received (${actual}): the body was changed after signing, or is not the exact bytes that were sent`,
      };
    }
  }
  if (checked === 0) {
    return { ok: false, malformed: true, detail: "expected sha-256=:<base64>: (RFC 9530)" };
  }
  return { ok: true };
}
