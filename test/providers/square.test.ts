import { describe, expect, it } from "vitest";
import { square } from "../../src/providers/square.js";
import type { VerifyInput } from "../../src/providers/types.js";
import { SQUARE_VECTOR } from "../helpers/vectors.js";

// Official vectors from square/square-nodejs-sdk, tests/integration/webhooks.test.ts (the same
// values are in square-python-sdk's tests/integration/test_webhooks_helper.py).
const { body: BODY, signature: SIGNATURE, key: KEY, url: URL } = SQUARE_VECTOR;
// "test signature unescaped chars validation pass" and "test signature with escaped characters".
const SPECIAL = [
  {
    body: '{"data":{"type":"webhooks","id":"fake_id"}}',
    signature: "W3FlCNk5IA3ZQ2LHTWoajvzfaDu/OwY2tNHIHC3IUOA=",
  },
  {
    body: '{"data":{"type":"webhooks","id":">id<"}}',
    signature: "Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U=",
  },
];

function input(overrides: Partial<VerifyInput> = {}): VerifyInput {
  return {
    body: Buffer.from(BODY),
    headers: { "x-square-hmacsha256-signature": SIGNATURE },
    secrets: [KEY],
    url: URL,
    ...overrides,
  };
}

describe("square provider", () => {
  it("signs the official vector over URL + body", () => {
    expect(square.sign({ body: Buffer.from(BODY), secret: KEY, url: URL })).toEqual({
      "x-square-hmacsha256-signature": SIGNATURE,
    });
  });

  it("verifies the official vectors", () => {
    expect(square.verify(input())).toMatchObject({ valid: true });
    for (const { body, signature } of SPECIAL) {
      const result = square.verify({
        body: Buffer.from(body),
        headers: { "x-square-hmacsha256-signature": signature },
        secrets: ["signature-key"],
        url: "https://webhook.site/webhooks",
      });
      expect(result.valid).toBe(true);
    }
  });

  it("rejects another notification URL ('fails on notification url mismatch')", () => {
    const result = square.verify(
      input({ url: "https://webhook.site/79a4f3a-dcfa-49ee-bac5-9d0edad886b9" }),
    );
    expect(result).toMatchObject({ valid: false, code: "no_match" });
    expect(result.reason).toContain("https://webhook.site/79a4f3a");
  });

  it("rejects a wrong key ('fails on invalid signature key')", () => {
    expect(square.verify(input({ secrets: ["MCmhFRxGX82xMwg5FsaoQA"] }))).toMatchObject({
      valid: false,
      code: "no_match",
    });
  });

  it("rejects a changed or re-formatted body ('fails on request body mismatch / formatted')", () => {
    const changed = BODY.replace("2022-07-13", "2022-06-13");
    expect(square.verify(input({ body: Buffer.from(changed) })).valid).toBe(false);
    const formatted = JSON.stringify(JSON.parse(BODY), null, 4);
    expect(square.verify(input({ body: Buffer.from(formatted) })).valid).toBe(false);
  });

  it("rejects square-python-sdk's re-indented body (test_signature_validation_body_formatted)", () => {
    const formatted = Buffer.from(SQUARE_VECTOR.formattedBody);
    expect(JSON.parse(SQUARE_VECTOR.formattedBody)).toEqual(JSON.parse(BODY));
    expect(square.verify(input({ body: formatted }))).toMatchObject({
      valid: false,
      code: "no_match",
    });
  });

  it("calls the suite's SHA-1-sized signature malformed ('fails on invalid signature header')", () => {
    const headers = { "x-square-hmacsha256-signature": "1z2n3DEJJiUPKcPzQo1ftvbxGdw=" };
    expect(square.verify(input({ headers }))).toMatchObject({
      valid: false,
      code: "malformed_header",
    });
  });

  it("accepts the second key during rotation, as text or as exact key bytes", () => {
    expect(square.verify(input({ secrets: ["MCmhFRxGX82xMwg5FsaoQA", KEY] })).valid).toBe(true);
    expect(square.verify(input({ secrets: [Buffer.from(KEY)] })).valid).toBe(true);
  });

  it("says the URL is missing instead of guessing one", () => {
    expect(square.verify(input({ url: undefined }))).toMatchObject({
      valid: false,
      code: "missing_url",
    });
    expect(() => square.sign({ body: Buffer.from(BODY), secret: KEY })).toThrow(/--url/);
  });

  it("names the missing signature header", () => {
    expect(square.verify(input({ headers: {} }))).toMatchObject({
      code: "missing_header",
      reason: "missing x-square-hmacsha256-signature header",
    });
  });

  it("adds Square's retry headers in its own vocabulary", () => {
    expect(square.retryHeaders?.(1, "http_error")).toEqual({
      "square-retry-number": "1",
      "square-retry-reason": "http_error",
    });
    expect(square.retryHeaders?.(3, "connection_error")).toEqual({
      "square-retry-number": "3",
      "square-retry-reason": "other_error",
    });
  });

  it("detects Square and reads event_id and type from the body", () => {
    const headers = { "x-square-hmacsha256-signature": SIGNATURE };
    expect(square.detect(headers)).toBe(true);
    expect(square.detect({ "x-shopify-hmac-sha256": SIGNATURE })).toBe(false);
    const json: unknown = JSON.parse(BODY);
    expect(square.eventId(headers, json)).toBe("ac3ac95b-f97d-458c-a6e6-18981597e05f");
    expect(square.eventType(headers, json)).toBe("webhooks.test_notification");
  });
});
