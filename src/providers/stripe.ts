import { hmac, unixNow } from "../util/crypto.js";
import { stringField } from "../util/json.js";
import {
  checkTimestamp,
  malformedHeader,
  matchAny,
  missingHeader,
  parseUnixSeconds,
} from "./verify-result.js";
import type { HeaderMap, Provider, Secret, SignInput, VerifyInput, VerifyResult } from "./types.js";

/** https://docs.stripe.com/webhooks#verify-manually */
const STRIPE_TOLERANCE_SEC = 300;
const SIGNATURE = "stripe-signature";

/**
 * The key is the whole `whsec_…` string as text: unlike Standard Webhooks, Stripe does not
 * base64-decode the part after the prefix.
 */
function stripeSignature(secret: Secret, timestamp: number, body: Buffer): string {
  return hmac("sha256", secret, `${timestamp}.`, body).toString("hex");
}

function signStripe(input: SignInput): HeaderMap {
  const timestamp = input.timestamp ?? unixNow();
  return {
    "Stripe-Signature": `t=${timestamp},v1=${stripeSignature(input.secret, timestamp, input.body)}`,
  };
}

interface ParsedHeader {
  timestamp: string | undefined;
  v1: string[];
}

/** `t=<unix>,v1=<hex>[,v1=<hex>…][,v0=<hex>]`: a rolled secret adds a second v1 entry. */
function parseHeader(value: string): ParsedHeader {
  const parsed: ParsedHeader = { timestamp: undefined, v1: [] };
  for (const item of value.split(",")) {
    const equals = item.indexOf("=");
    if (equals < 0) continue;
    const key = item.slice(0, equals).trim();
    const entry = item.slice(equals + 1).trim();
    if (key === "t") parsed.timestamp = entry;
    else if (key === "v1") parsed.v1.push(entry.toLowerCase());
  }
  return parsed;
}

function verifyStripe(input: VerifyInput): VerifyResult {
  const header = input.headers[SIGNATURE];
  if (header === undefined) return missingHeader(SIGNATURE);
  const parsed = parseHeader(header);
  if (parsed.timestamp === undefined) return malformedHeader(SIGNATURE, 'no "t=<unix>" entry');
  const timestamp = parseUnixSeconds(parsed.timestamp);
  if (timestamp === undefined) {
    return malformedHeader(SIGNATURE, `t="${parsed.timestamp}" is not Unix seconds`);
  }
  if (parsed.v1.length === 0) return malformedHeader(SIGNATURE, 'no "v1=<hex>" signature');
  // Stripe's libraries only reject old timestamps; one far in the future is just as much a sign
  // of a replay or a wrong clock, so both directions count here.
  const stale = checkTimestamp(timestamp, input, STRIPE_TOLERANCE_SEC);
  if (stale) return stale;
  return matchAny(
    parsed.v1,
    input.secrets,
    (secret) => stripeSignature(secret, timestamp, input.body),
    "v1 signature",
  );
}

export const stripe: Provider = {
  id: "stripe",
  name: "Stripe",
  signatureHeaders: ["Stripe-Signature"],
  signatureHeader: SIGNATURE,
  algorithm: "HMAC-SHA256, hex, `t=<unix>,v1=<hex>` (several v1 entries while a secret is rolled)",
  signedBytes: "{t}.{raw body}",
  secretFormat: "the whole `whsec_…` string as text (not base64-decoded)",
  toleranceSec: STRIPE_TOLERANCE_SEC,
  // Stripe does not publish a figure; it asks for a quick 2xx before any slow work. 20 s sits
  // between the limits people report (10-30 s), so a handler that passes here is safe there.
  timeoutMs: 20_000,
  retry: {
    description:
      "live mode retries with exponential backoff for up to 3 days, test mode 3 times over a few hours; each retry is signed afresh (new t) and keeps the event id",
    backoffMs: [250, 500, 1000],
  },
  signsBody: true,
  signsUrl: false,
  docs: "https://docs.stripe.com/webhooks#verify-manually",
  sign: signStripe,
  verify: verifyStripe,
  detectPriority: 40,
  detect: (headers) => SIGNATURE in headers,
  eventId: (_headers, json) => stringField(json, "id"),
  eventType: (_headers, json) => stringField(json, "type"),
};
