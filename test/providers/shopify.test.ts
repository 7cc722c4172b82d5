import { describe, expect, it } from "vitest";
import { shopify } from "../../src/providers/shopify.js";
import type { VerifyInput } from "../../src/providers/types.js";

// Official vector from Shopify/shopify-app-js, packages/apps/shopify-api/lib/webhooks/__tests__/validate.test.ts
// ("returns true for valid request"), with apiSecretKey "test_secret_key" from
// packages/apps/shopify-api/lib/__tests__/test-config.ts.
const SECRET = "test_secret_key";
const BODY = '{"foo": "bar"}';
const HMAC = "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=";
// Header values from the same suite's headers() helper (__tests__/utils.ts), lower-cased.
const HEADERS = {
  "x-shopify-hmac-sha256": HMAC,
  "x-shopify-topic": "products/create",
  "x-shopify-webhook-id": "123456789",
  "x-shopify-shop-domain": "shop1.myshopify.io",
  "x-shopify-api-version": "2023-01",
};

function input(overrides: Partial<VerifyInput> = {}): VerifyInput {
  return { body: Buffer.from(BODY), headers: HEADERS, secrets: [SECRET], ...overrides };
}

describe("shopify provider", () => {
  it("signs the official vector", () => {
    expect(shopify.sign({ body: Buffer.from(BODY), secret: SECRET })).toEqual({
      "X-Shopify-Hmac-Sha256": HMAC,
    });
    expect(shopify.sign({ body: Buffer.from(BODY), secret: SECRET, id: "w-1" })).toMatchObject({
      "X-Shopify-Webhook-Id": "w-1",
    });
  });

  it("verifies the official vector", () => {
    expect(shopify.verify(input())).toMatchObject({ valid: true });
  });

  it.each([
    // Shopify/shopify-api-php, tests/Webhooks/RegistryTest.php ($processHeaders and
    // json_encode($processBody)), with apiSecretKey from tests/BaseTestCase.php: "steffi" before
    // commit 4a144a84f767 lengthened the test secrets, TEST_API_SECRET after it.
    { secret: "steffi", hmac: "/Redz4YXHLnSmmSN8grr5/Jl/Ua3d7yX3iWbjb8R8wo=" },
    {
      secret: "7008c5f4da4718b9b45d26d3fcbbb157",
      hmac: "+R9TwYM4mbLTk3hEAOBkpA7zW2lc9vNFmVKs2u2jtyY=",
    },
  ])("signs and verifies shopify-api-php's vector (secret $secret)", ({ secret, hmac }) => {
    const body = Buffer.from('{"foo":"bar"}');
    expect(shopify.sign({ body, secret })).toEqual({ "X-Shopify-Hmac-Sha256": hmac });
    const headers = { ...HEADERS, "x-shopify-hmac-sha256": hmac };
    expect(shopify.verify({ body, headers, secrets: [secret] })).toMatchObject({ valid: true });
    // testProcessThrowsErrorOnInvalidHmac
    const wrong = { ...HEADERS, "x-shopify-hmac-sha256": "whoops_this_is_wrong" };
    expect(shopify.verify({ body, headers: wrong, secrets: [secret] }).valid).toBe(false);
  });

  it("rejects a tampered body and a wrong secret", () => {
    expect(shopify.verify(input({ body: Buffer.from('{"foo":"bar"}') }))).toMatchObject({
      valid: false,
      code: "no_match",
    });
    expect(shopify.verify(input({ secrets: ["other_secret"] }))).toMatchObject({
      valid: false,
      code: "no_match",
    });
  });

  it("accepts the second secret during key rotation", () => {
    expect(shopify.verify(input({ secrets: ["old_secret", SECRET] })).valid).toBe(true);
  });

  it("names the missing header (validate.test.ts: 'returns false on missing HMAC')", () => {
    const { "x-shopify-hmac-sha256": _dropped, ...rest } = HEADERS;
    expect(shopify.verify(input({ headers: rest }))).toMatchObject({
      code: "missing_header",
      reason: "missing x-shopify-hmac-sha256 header",
    });
  });

  it("calls a value that is not base64 of 32 bytes malformed (the suite's 'fake' hmac)", () => {
    const hex = Buffer.from(HMAC, "base64").toString("hex");
    for (const bad of ["fake", hex, HMAC.slice(0, -4)]) {
      expect(
        shopify.verify(input({ headers: { ...HEADERS, "x-shopify-hmac-sha256": bad } })),
      ).toMatchObject({ code: "malformed_header" });
    }
  });

  it("detects Shopify and reads the webhook id and topic", () => {
    expect(shopify.detect(HEADERS)).toBe(true);
    expect(shopify.detect({ "x-github-event": "push" })).toBe(false);
    expect(shopify.eventId(HEADERS, undefined)).toBe("123456789");
    expect(shopify.eventType(HEADERS, undefined)).toBe("products/create");
  });
});
