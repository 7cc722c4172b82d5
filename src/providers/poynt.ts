import { hmac, isBase64Digest } from "../util/crypto.js";
import { stringField } from "../util/json.js";
import { malformedHeader, matchAny, missingHeader } from "./timestamp.js";
import type { HeaderMap, Provider, Secret, SignInput, VerifyInput, VerifyResult } from "./types.js";

/** Poynt developer docs, Cloud APIs › Webhooks › "Validating a webhook" (../shared/seeds). */
const SIGNATURE = "poynt-webhook-signature";

export function poyntSignature(secret: Secret, body: Buffer): string {
  return hmac("sha1", secret, body).toString("base64");
}

export function signPoynt(input: SignInput): HeaderMap {
  return { "Poynt-Webhook-Signature": poyntSignature(input.secret, input.body) };
}

export function verifyPoynt(input: VerifyInput): VerifyResult {
  const signature = input.headers[SIGNATURE]?.trim();
  if (signature === undefined) return missingHeader(SIGNATURE);
  if (!isBase64Digest(signature, 20)) {
    return malformedHeader(SIGNATURE, "expected the base64 of a 20-byte HMAC-SHA1");
  }
  return matchAny(
    [signature],
    input.secrets,
    (secret) => poyntSignature(secret, input.body),
    "HMAC-SHA1",
  );
}

export const poynt: Provider = {
  id: "poynt",
  name: "Poynt",
  signatureHeaders: ["Poynt-Webhook-Signature"],
  signatureHeader: SIGNATURE,
  algorithm: "HMAC-SHA1, base64",
  signedBytes: "{raw body}",
  secretFormat: "the `secret` given when the webhook was registered, as text",
  toleranceSec: null,
  // "Poynt only waits for 2 seconds to receive an acknowledgement" (Webhooks, Validating a webhook).
  timeoutMs: 2_000,
  retry: {
    description:
      "redelivers a notification not acknowledged with HTTP 200 within 2 s (schedule not published); the redelivery keeps the body's `id`, so de-duplicate on it. Sent notifications of the last 30 days can be listed through the API",
    backoffMs: [200, 400, 800],
  },
  signsBody: true,
  signsUrl: false,
  docs: "https://docs.poynt.com/ (Cloud APIs › Webhooks)",
  sign: signPoynt,
  verify: verifyPoynt,
  detect: (headers) => SIGNATURE in headers,
  eventId: (_headers, json) => stringField(json, "id"),
  eventType: (_headers, json) => stringField(json, "eventType"),
};
