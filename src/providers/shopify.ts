import { base64Hmac, verifyBase64Hmac, type Base64HmacScheme } from "./base64-hmac.js";
import type { HeaderMap, Provider, SignInput } from "./types.js";

/** https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook */
const SCHEME: Base64HmacScheme = { header: "x-shopify-hmac-sha256", algorithm: "sha256" };

function signShopify(input: SignInput): HeaderMap {
  const headers: HeaderMap = {
    "X-Shopify-Hmac-Sha256": base64Hmac(SCHEME, input.secret, input.body),
  };
  if (input.id !== undefined) headers["X-Shopify-Webhook-Id"] = input.id;
  return headers;
}

export const shopify: Provider = {
  id: "shopify",
  name: "Shopify",
  signatureHeaders: [
    "X-Shopify-Hmac-Sha256",
    "X-Shopify-Topic",
    "X-Shopify-Webhook-Id",
    "X-Shopify-Shop-Domain",
    "X-Shopify-API-Version",
  ],
  signatureHeader: SCHEME.header,
  algorithm: "HMAC-SHA256, base64",
  signedBytes: "{raw body}",
  secretFormat: "the app's client secret (or the webhook signing secret) as text",
  toleranceSec: null,
  // Shopify: the connection must be accepted within 1 s and the whole request done within 5 s.
  timeoutMs: 5_000,
  retry: {
    description:
      "retries a failed delivery 8 times over the next 4 hours with exponential backoff; a subscription that keeps failing is removed. A retry keeps its X-Shopify-Webhook-Id",
    backoffMs: [250, 500, 1000],
  },
  signsBody: true,
  signsUrl: false,
  docs: "https://shopify.dev/docs/apps/build/webhooks",
  sign: signShopify,
  verify: (input) => verifyBase64Hmac(input, SCHEME),
  detectPriority: 30,
  detect: (headers) => SCHEME.header in headers || "x-shopify-topic" in headers,
  eventId: (headers) => headers["x-shopify-webhook-id"],
  eventType: (headers) => headers["x-shopify-topic"],
};
