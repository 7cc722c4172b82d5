import { createHmac, timingSafeEqual } from "node:crypto";

export type HmacAlgorithm = "sha1" | "sha256";

export function hmac(
  algorithm: HmacAlgorithm,
  key: string | Buffer,
  ...parts: (string | Uint8Array)[]
): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Constant-time comparison; a length mismatch is a mismatch, never a throw. */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  // Two strings (signatures as the headers carry them) are compared where they are: encoding
  // both into Buffers first costs two allocations per check on the listener's hot path.
  if (typeof a === "string" && typeof b === "string") {
    if (a.length !== b.length) return false;
    let difference = 0;
    for (let i = 0; i < a.length; i += 1) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
    return difference === 0;
  }
  const left = Buffer.isBuffer(a) ? a : Buffer.from(a);
  const right = Buffer.isBuffer(b) ? b : Buffer.from(b);
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * True when `value` is standard base64 of exactly `bytes` bytes: a header that is not is
 * malformed (hex, base64url, truncated) rather than a wrong signature, which is worth telling apart.
 */
export function isBase64Digest(value: string, bytes: number): boolean {
  return (
    value.length === 4 * Math.ceil(bytes / 3) &&
    BASE64.test(value) &&
    Buffer.from(value, "base64").length === bytes
  );
}

/** Current time in whole Unix seconds. */
export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}
