import { UsageError } from "../errors.js";
import { hmac, isBase64Digest } from "../util/crypto.js";
import { stringField } from "../util/json.js";
import { malformedHeader, matchAny, missingHeader } from "./timestamp.js";
import type {
  FailureReason,
  HeaderMap,
  Provider,
  Secret,
  SignInput,
  VerifyInput,
  VerifyResult,
} from "./types.js";

/** https://developer.squareup.com/docs/webhooks/step3validate */
const SIGNATURE = "x-square-hmacsha256-signature";

/** Square signs the notification URL it was configured with, then the raw body. */
export function squareSignature(secret: Secret, url: string, body: Buffer): string {
  return hmac("sha256", secret, url, body).toString("base64");
}

export function signSquare(input: SignInput): HeaderMap {
  if (!input.url) {
    throw new UsageError("missing --url: Square signs the notification URL with the body");
  }
  return { "x-square-hmacsha256-signature": squareSignature(input.secret, input.url, input.body) };
}

export function verifySquare(input: VerifyInput): VerifyResult {
  const signature = input.headers[SIGNATURE]?.trim();
  if (signature === undefined) return missingHeader(SIGNATURE);
  if (!input.url) {
    return {
      valid: false,
      code: "missing_url",
      reason:
        "Square signs the notification URL with the body: pass the URL as configured in the Developer Console",
    };
  }
  if (!isBase64Digest(signature, 32)) {
    return malformedHeader(SIGNATURE, "expected the base64 of a 32-byte HMAC-SHA256");
  }
  const url = input.url;
  const result = matchAny(
    [signature],
    input.secrets,
    (secret) => squareSignature(secret, url, input.body),
    "HMAC-SHA256",
  );
  // The URL is the usual culprit (scheme, slash, port, query, a tunnel's old hostname): name it.
  return result.valid
    ? result
    : { ...result, reason: `${result.reason}, signed over ${url} + body` };
}

/**
 * Square's documented retry reasons are http_timeout, http_error, ssl_error and other_error; a
 * refused connection is none of the first three.
 */
const RETRY_REASON: Record<FailureReason, string> = {
  http_error: "http_error",
  http_timeout: "http_timeout",
  ssl_error: "ssl_error",
  connection_error: "other_error",
};

export const square: Provider = {
  id: "square",
  name: "Square",
  signatureHeaders: [
    "x-square-hmacsha256-signature",
    "square-environment",
    "square-initial-delivery-timestamp",
    "square-retry-number",
    "square-retry-reason",
  ],
  signatureHeader: SIGNATURE,
  algorithm: "HMAC-SHA256, base64",
  signedBytes: "{notification URL}{raw body}",
  secretFormat: "the subscription's signature key, as text",
  toleranceSec: null,
  // "http_timeout - The client server took longer than 10 seconds to respond."
  timeoutMs: 10_000,
  retry: {
    description:
      "retries a failed delivery with exponential backoff for up to 24 hours, adding square-retry-number and square-retry-reason; every retry keeps the body's event_id",
    backoffMs: [250, 500, 1000],
  },
  signsBody: true,
  signsUrl: true,
  docs: "https://developer.squareup.com/docs/webhooks/step3validate",
  sign: signSquare,
  verify: verifySquare,
  detect: (headers) => SIGNATURE in headers || "square-initial-delivery-timestamp" in headers,
  eventId: (_headers, json) => stringField(json, "event_id"),
  eventType: (_headers, json) => stringField(json, "type"),
  retryHeaders: (attempt, reason) => ({
    "square-retry-number": String(attempt),
    "square-retry-reason": RETRY_REASON[reason],
  }),
};
