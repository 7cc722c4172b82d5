import { hmac, isBase64Digest, type HmacAlgorithm } from "../util/crypto.js";
import type { Secret, VerifyInput, VerifyResult } from "./types.js";
import { malformedHeader, matchAny, missingHeader } from "./verify-result.js";

/** A scheme whose one header is the base64 HMAC of the signed bytes (Poynt, Shopify, Square). */
export interface Base64HmacScheme {
  /** Lower-case header name. */
  header: string;
  algorithm: HmacAlgorithm;
}

const DIGEST_BYTES: Record<HmacAlgorithm, number> = { sha1: 20, sha256: 32 };

/** The header value: base64 of the HMAC over `parts` (the body, after whatever else is signed). */
export function base64Hmac(
  scheme: Base64HmacScheme,
  secret: Secret,
  ...parts: (string | Buffer)[]
): string {
  return hmac(scheme.algorithm, secret, ...parts).toString("base64");
}

/**
 * Verifies the scheme's header over `prefix` then the raw body: missing, malformed (not the
 * base64 of a digest of the right size, e.g. hex or truncated) and no match are told apart.
 */
export function verifyBase64Hmac(
  input: VerifyInput,
  scheme: Base64HmacScheme,
  prefix: readonly string[] = [],
): VerifyResult {
  const signature = input.headers[scheme.header]?.trim();
  if (signature === undefined) return missingHeader(scheme.header);
  const bytes = DIGEST_BYTES[scheme.algorithm];
  const name = `HMAC-${scheme.algorithm.toUpperCase()}`;
  if (!isBase64Digest(signature, bytes)) {
    return malformedHeader(scheme.header, `expected the base64 of a ${bytes}-byte ${name}`);
  }
  return matchAny(
    [signature],
    input.secrets,
    (secret) => base64Hmac(scheme, secret, ...prefix, input.body),
    name,
  );
}
