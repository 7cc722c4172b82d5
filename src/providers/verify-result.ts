import { safeEqual, unixNow } from "../util/crypto.js";
import type { Secret, VerifyInput, VerifyResult } from "./types.js";

// What every verify() returns through: the failure results, the timestamp check and the match.

const UNIX_SECONDS = /^\d{1,12}$/;

/** Parses a Unix-seconds header value; anything but a plain integer is malformed. */
export function parseUnixSeconds(value: string): number | undefined {
  const trimmed = value.trim();
  return UNIX_SECONDS.test(trimmed) ? Number(trimmed) : undefined;
}

/**
 * Checks a signed timestamp against a tolerance window in both directions (replay protection), as
 * of `input.now` (else the clock) with `input.toleranceSec` (else the provider's default).
 * Returns a failure, or undefined when the timestamp is acceptable.
 */
export function checkTimestamp(
  timestamp: number,
  input: Pick<VerifyInput, "now" | "toleranceSec">,
  defaultToleranceSec: number,
): VerifyResult | undefined {
  const toleranceSec = input.toleranceSec ?? defaultToleranceSec;
  const age = (input.now ?? unixNow()) - timestamp;
  if (age > toleranceSec) {
    return {
      valid: false,
      code: "timestamp_too_old",
      reason: `timestamp ${timestamp} is ${age}s old, older than the ${toleranceSec}s tolerance`,
    };
  }
  if (-age > toleranceSec) {
    return {
      valid: false,
      code: "timestamp_too_new",
      reason: `timestamp ${timestamp} is ${-age}s in the future, beyond the ${toleranceSec}s tolerance`,
    };
  }
  return undefined;
}

export function missingHeader(name: string): VerifyResult {
  return { valid: false, code: "missing_header", reason: `missing ${name} header` };
}

export function malformedHeader(name: string, detail: string): VerifyResult {
  return { valid: false, code: "malformed_header", reason: `malformed ${name} header: ${detail}` };
}

export function noMatch(detail: string): VerifyResult {
  return { valid: false, code: "no_match", reason: `no signature matched: ${detail}` };
}

/**
 * The match every provider's verify ends with: the received signatures (several while a secret is
 * rolled) against the one each secret would produce (key rotation: any secret, any signature),
 * compared in constant time. `describe` names what was compared, for the reasons.
 */
export function matchAny(
  received: readonly string[],
  secrets: readonly Secret[],
  expectedFor: (secret: Secret) => string | Buffer,
  describe: string,
): VerifyResult {
  for (const secret of secrets) {
    const expected = expectedFor(secret);
    if (received.some((candidate) => safeEqual(candidate, expected))) {
      return { valid: true, reason: `${describe} matched` };
    }
  }
  return noMatch(`${received.length} ${describe}(s) checked against ${secrets.length} secret(s)`);
}
