import { describe, expect, it } from "vitest";
import { stripe } from "../../src/providers/stripe.js";
import type { VerifyInput } from "../../src/providers/types.js";

/** The tolerance Stripe's libraries' default, 5 minutes; written out here so that a changed default fails a test. */
const STRIPE_TOLERANCE_SEC = 300;

// Official vector from stripe/stripe-dotnet, src/StripeTests/Services/Events/EventUtilityTest.cs,
// over the fixture src/StripeTests/Resources/event_test_signature.json (LF line endings, with its
// final newline). The header also carries a v0 entry, which verifiers must ignore.
const SECRET = "webhook_secret";
const TIMESTAMP = 1533204620;
const V1 = "2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7";
const HEADER = `t=${TIMESTAMP},v1=${V1},v0=63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef`;
const BODY = `{
  "id": "evt_123",
  "object": "event",
  "account": "acct_123",
  "api_version": "2017-05-25",
  "created": 1533204620,
  "data": {
    "object": {
      "id": "cus_123",
      "object": "customer",
      "created": 123456789,
      "email": "test@stripe.com",
      "livemode": false,
      "metadata": {}
    }
  },
  "livemode": false,
  "pending_webhooks": 1,
  "request": {
    "id": "req_123",
    "idempotency_key": "idempotency-key-123"
  },
  "type": "customer.created"
}
`;

function input(header: string | undefined, overrides: Partial<VerifyInput> = {}): VerifyInput {
  return {
    body: Buffer.from(BODY),
    headers: header === undefined ? {} : { "stripe-signature": header },
    secrets: [SECRET],
    // EventUtilityTest verifies 100 s after the signature.
    now: TIMESTAMP + 100,
    ...overrides,
  };
}

describe("stripe provider", () => {
  it("signs the official vector", () => {
    expect(stripe.sign({ body: Buffer.from(BODY), secret: SECRET, timestamp: TIMESTAMP })).toEqual({
      "Stripe-Signature": `t=${TIMESTAMP},v1=${V1}`,
    });
  });

  it("verifies the official vector, ignoring its v0 entry", () => {
    expect(stripe.verify(input(HEADER))).toMatchObject({ valid: true });
  });

  it("rejects a tampered body (EventUtilityTest.RejectIncorrectSignature) and a wrong secret", () => {
    expect(
      stripe.verify(input(HEADER, { body: Buffer.from(`${BODY}this_changes_the_json`) })),
    ).toMatchObject({ valid: false, code: "no_match" });
    expect(stripe.verify(input(HEADER, { secrets: ["whsec_other"] }))).toMatchObject({
      valid: false,
      code: "no_match",
    });
  });

  it("uses the whole whsec_ string as the key, not its base64-decoded bytes", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const signed = stripe.sign({ body: Buffer.from(BODY), secret, timestamp: TIMESTAMP });
    const header = signed["Stripe-Signature"] as string;
    expect(stripe.verify(input(header, { secrets: [secret] })).valid).toBe(true);
    const decoded = Buffer.from(secret.slice("whsec_".length), "base64");
    expect(stripe.verify(input(header, { secrets: [decoded] })).valid).toBe(false);
    // A Buffer secret is used as exact key bytes.
    expect(stripe.verify(input(header, { secrets: [Buffer.from(secret)] })).valid).toBe(true);
  });

  it("rejects a timestamp older than the tolerance (EventUtilityTest.RejectOutdatedTimestamp)", () => {
    const result = stripe.verify(input(HEADER, { now: TIMESTAMP + STRIPE_TOLERANCE_SEC + 100 }));
    expect(result).toMatchObject({ valid: false, code: "timestamp_too_old" });
    expect(result.reason).toMatch(/400s old, older than the 300s tolerance/);
  });

  it("rejects a timestamp too far in the future", () => {
    expect(
      stripe.verify(input(HEADER, { now: TIMESTAMP - STRIPE_TOLERANCE_SEC - 1 })),
    ).toMatchObject({ valid: false, code: "timestamp_too_new" });
  });

  it("honours an overridden tolerance", () => {
    expect(stripe.verify(input(HEADER, { now: TIMESTAMP + 100, toleranceSec: 10 }))).toMatchObject({
      valid: false,
      code: "timestamp_too_old",
    });
    expect(
      stripe.verify(input(HEADER, { now: TIMESTAMP + 10_000, toleranceSec: 20_000 })).valid,
    ).toBe(true);
  });

  it("accepts a header with several v1 signatures when any one matches", () => {
    const rolled = `t=${TIMESTAMP},v1=${"0".repeat(64)},v1=${V1},v1=potato`;
    expect(stripe.verify(input(rolled))).toMatchObject({ valid: true });
  });

  it("accepts the second secret during key rotation", () => {
    expect(stripe.verify(input(HEADER, { secrets: ["whsec_old", SECRET] })).valid).toBe(true);
  });

  it("names the missing header", () => {
    expect(stripe.verify(input(undefined))).toMatchObject({
      valid: false,
      code: "missing_header",
      reason: "missing stripe-signature header",
    });
  });

  // Malformed headers from EventUtilityTest.ValidateSignatureHandlesIncorrectHeaderValues and
  // stripe-node test/Webhook.spec.ts ("I'm not even a real signature header", only a v0 scheme).
  it.each([
    `t=,v1=${V1}`,
    "t,v1=,v0=",
    "t,,",
    ",,",
    "t",
    "I'm not even a real signature header",
    `t=${TIMESTAMP},v0=${V1}`,
    `t=yesterday,v1=${V1}`,
  ])("calls %j malformed", (header) => {
    expect(stripe.verify(input(header))).toMatchObject({ valid: false, code: "malformed_header" });
  });

  it("detects Stripe and reads the event id and type from the body", () => {
    const headers = { "stripe-signature": HEADER };
    expect(stripe.detect(headers)).toBe(true);
    expect(stripe.detect({ "webhook-signature": "v1,x", "webhook-id": "1" })).toBe(false);
    const json: unknown = JSON.parse(BODY);
    expect(stripe.eventId(headers, json)).toBe("evt_123");
    expect(stripe.eventType(headers, json)).toBe("customer.created");
  });
});
