import { stringField } from "../util/json.js";
import { base64Hmac, verifyBase64Hmac, type Base64HmacScheme } from "./base64-hmac.js";
import type { Provider } from "./types.js";

/** Poynt developer docs, Cloud APIs › Webhooks › "Validating a webhook". */
const SCHEME: Base64HmacScheme = { header: "poynt-webhook-signature", algorithm: "sha1" };

export const poynt: Provider = {
  id: "poynt",
  name: "Poynt",
  signatureHeaders: ["Poynt-Webhook-Signature"],
  signatureHeader: SCHEME.header,
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
  sign: (input) => ({ "Poynt-Webhook-Signature": base64Hmac(SCHEME, input.secret, input.body) }),
  verify: (input) => verifyBase64Hmac(input, SCHEME),
  detectPriority: 60,
  detect: (headers) => SCHEME.header in headers,
  eventId: (_headers, json) => stringField(json, "id"),
  eventType: (_headers, json) => stringField(json, "eventType"),
};
