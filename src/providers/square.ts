import { UsageError } from "../errors.js";
import { stringField } from "../util/json.js";
import { base64Hmac, verifyBase64Hmac, type Base64HmacScheme } from "./base64-hmac.js";
import { missingHeader } from "./verify-result.js";
import type {
  FailureReason,
  HeaderMap,
  Provider,
  SignInput,
  VerifyInput,
  VerifyResult,
} from "./types.js";

/**
 * https://developer.squareup.com/docs/webhooks/step3validate: Square signs the notification URL
 * it was configured with, then the raw body.
 */
const SCHEME: Base64HmacScheme = { header: "x-square-hmacsha256-signature", algorithm: "sha256" };
const SIGNATURE = SCHEME.header;

function signSquare(input: SignInput): HeaderMap {
  if (!input.url) {
    throw new UsageError("missing --url: Square signs the notification URL with the body");
  }
  return {
    "x-square-hmacsha256-signature": base64Hmac(SCHEME, input.secret, input.url, input.body),
  };
}

function verifySquare(input: VerifyInput): VerifyResult {
  // A missing header comes before a missing URL: without it there is nothing to check.
  if (input.headers[SIGNATURE] === undefined) return missingHeader(SIGNATURE);
  if (!input.url) {
    return {
      valid: false,
      code: "missing_url",
      reason:
        "Square signs the notification URL with the body: pass the URL as configured in the Developer Console",
    };
  }
  const result = verifyBase64Hmac(input, SCHEME, [input.url]);
  // The URL is the usual culprit (scheme, slash, port, query, a tunnel's old hostname): name it.
  return result.valid || result.code !== "no_match"
    ? result
    : { ...result, reason: `${result.reason}, signed over ${input.url} + body` };
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
  detectPriority: 10,
  detect: (headers) => SIGNATURE in headers || "square-initial-delivery-timestamp" in headers,
  eventId: (_headers, json) => stringField(json, "event_id"),
  eventType: (_headers, json) => stringField(json, "type"),
  retryHeaders: (attempt, reason) => ({
    "square-retry-number": String(attempt),
    "square-retry-reason": RETRY_REASON[reason],
  }),
};
