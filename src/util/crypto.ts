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

/** Constant-time comparison of two strings; a length mismatch is a mismatch, never a throw. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

/** Current time in whole Unix seconds. */
export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}
