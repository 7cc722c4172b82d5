import { hmac, isBase64Digest } from "../util/crypto.js";
import { malformedHeader, matchAny, missingHeader } from "./timestamp.js";
import type { HeaderMap, Provider, Secret, SignInput, VerifyInput, VerifyResult } from "./types.js";

/** https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook */
const SIGNATURE = "x-shopify-hmac-sha256";

export function shopifySignature(secret: Secret, body: Buffer): string {
  return hmac("sha256", secret, body).toString("base64");
}

export function signShopify(input: SignInput): HeaderMap {
  const headers: HeaderMap = {
    "X-Shopify-Hmac-Sha256": shopifySignature(input.secret, input.body),
  };
  if (input.id !== undefined) headers["X-Shopify-Webhook-Id"] = input.id;
  return headers;
}

export function verifyShopify(input: VerifyInput): VerifyResult {
  const signature = input.headers[SIGNATURE]?.trim();
  if (signature === undefined) return missingHeader(SIGNATURE);
  if (!isBase64Digest(signature, 32)) {
    return malformedHeader(SIGNATURE, "expected the base64 of a 32-byte HMAC-SHA256");
  }
  return matchAny(
    [signature],
    input.secrets,
    (secret) => shopifySignature(secret, input.body),
    "HMAC-SHA256",
  );
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
  signatureHeader: SIGNATURE,
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
  verify: verifyShopify,
  detect: (headers) => SIGNATURE in headers || "x-shopify-topic" in headers,
  eventId: (headers) => headers["x-shopify-webhook-id"],
  eventType: (headers) => headers["x-shopify-topic"],
};
