import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { standard } from "../../src/providers/standard.js";
import type { VerifyInput } from "../../src/providers/types.js";

/** The tolerance the spec's 5 minutes; written out here so that a changed default fails a test. */
const STANDARD_TOLERANCE_SEC = 300;

// Official vector from standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts
// ("sign function works"; the same values are used across that file).
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
const HEADERS = {
  "webhook-id": ID,
  "webhook-timestamp": String(TIMESTAMP),
  "webhook-signature": SIGNATURE,
};

function input(overrides: Partial<VerifyInput> = {}): VerifyInput {
  return {
    body: Buffer.from(BODY),
    headers: HEADERS,
    secrets: [SECRET],
    now: TIMESTAMP,
    ...overrides,
  };
}

describe("standard provider", () => {
  it("signs the official vector", () => {
    expect(
      standard.sign({ body: Buffer.from(BODY), secret: SECRET, id: ID, timestamp: TIMESTAMP }),
    ).toEqual(HEADERS);
  });

  it("verifies the official vector", () => {
    expect(standard.verify(input())).toMatchObject({ valid: true });
  });

  it("rejects a tampered body and a wrong secret", () => {
    expect(standard.verify(input({ body: Buffer.from('{"test": 2432232315}') }))).toMatchObject({
      code: "no_match",
    });
    expect(
      standard.verify(input({ secrets: [`whsec_${Buffer.from("other").toString("base64")}`] })),
    ).toMatchObject({ code: "no_match" });
  });

  it("rejects old and new timestamps ('old timestamp fails', 'new timestamp fails')", () => {
    const beyond = STANDARD_TOLERANCE_SEC + 1;
    expect(standard.verify(input({ now: TIMESTAMP + beyond }))).toMatchObject({
      code: "timestamp_too_old",
    });
    expect(standard.verify(input({ now: TIMESTAMP - beyond }))).toMatchObject({
      code: "timestamp_too_new",
    });
  });

  it("accepts a multi-signature header ('multi sig payload is valid')", () => {
    const other = "Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
    const headers = {
      ...HEADERS,
      "webhook-signature": [`v1,${other}`, `v2,${other}`, SIGNATURE, `v1,${other}`].join(" "),
    };
    expect(standard.verify(input({ headers }))).toMatchObject({ valid: true });
  });

  it("accepts the second secret during key rotation", () => {
    const old = `whsec_${Buffer.from("an older key of 24 bytes!").toString("base64")}`;
    expect(standard.verify(input({ secrets: [old, SECRET] })).valid).toBe(true);
  });

  it("uses exact key bytes given as a Buffer", () => {
    const key = Buffer.from(SECRET.slice("whsec_".length), "base64");
    expect(standard.verify(input({ secrets: [key] })).valid).toBe(true);
  });

  it("base64-decodes a secret without the whsec_ prefix, as the reference libraries do", () => {
    // libraries/javascript/src/webhook.test.ts "verification works with and without signature
    // prefix", libraries/python/tests/test_webhooks.py test_signature_verification_with_and_without_prefix
    // and libraries/go/webhook_test.go TestWebhookPrefix: the bare base64 verifies the same vector.
    const bare = SECRET.slice("whsec_".length);
    expect(standard.verify(input({ secrets: [bare] }))).toMatchObject({ valid: true });
    expect(
      standard.sign({ body: Buffer.from(BODY), secret: bare, id: ID, timestamp: TIMESTAMP }),
    ).toEqual(HEADERS);
  });

  it("accepts base64 without its = padding (test_signature_verification_with_unpadded_secret)", () => {
    // The Python library's cases: one and two padding characters left off, with and without whsec_.
    const sign = (secret: string) =>
      standard.sign({ body: Buffer.from(BODY), secret, id: ID, timestamp: TIMESTAMP });
    for (const padded of [
      "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS=",
      "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr==",
    ]) {
      const unpadded = padded.replace(/=+$/, "");
      expect(sign(unpadded)).toEqual(sign(padded));
      expect(sign(`whsec_${unpadded}`)).toEqual(sign(padded));
      expect(sign(unpadded)).not.toEqual(sign(SECRET));
    }
  });

  it("refuses to sign with a secret that is not base64, as the libraries' constructors do", () => {
    // JavaScript (@stablelib/base64) and Go (base64.StdEncoding) throw on these; NewWebhook("whsec_")
    // is TestWebhookNoEmptyPrefixedSecrets. Node alone would skip the stray characters.
    for (const secret of ["my-app-secret!", "s", "whsec_", "whsec_not base64", "abcde"]) {
      expect(() =>
        standard.sign({ body: Buffer.from(BODY), secret, id: ID, timestamp: TIMESTAMP }),
      ).toThrow(UsageError);
      // Verifying says so, before the request is looked at, instead of a plain mismatch.
      for (const headers of [HEADERS, {}]) {
        const result = standard.verify(input({ secrets: [secret], headers }));
        expect(result).toMatchObject({ valid: false, code: "no_match" });
        expect(result.reason).toMatch(/no usable secret: Standard Webhooks keys are base64/);
      }
    }
  });

  it("skips a secret that cannot be a key when another one is (the listener tries them all)", () => {
    const cloverCode = "0307e264-b33a-4913-88aa-37b10014a0b8";
    expect(standard.verify(input({ secrets: [cloverCode, SECRET] }))).toMatchObject({
      valid: true,
    });
  });

  it("never prints the refused secret", () => {
    const secret = "hunter2-is-my-password";
    let message = "";
    try {
      standard.sign({ body: Buffer.from(BODY), secret });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/is not base64/);
    expect(message).not.toContain("hunter2");
    expect(standard.verify(input({ secrets: [secret] })).reason).not.toContain("hunter2");
  });

  it.each(["webhook-id", "webhook-timestamp", "webhook-signature"])(
    "names the missing %s header ('missing id/timestamp/signature raises error')",
    (name) => {
      const headers: Record<string, string> = { ...HEADERS };
      delete headers[name];
      expect(standard.verify(input({ headers }))).toMatchObject({
        valid: false,
        code: "missing_header",
        reason: `missing ${name} header`,
      });
    },
  );

  it("calls a bad timestamp malformed ('invalid timestamp throws error')", () => {
    const headers = { ...HEADERS, "webhook-timestamp": "hello" };
    expect(standard.verify(input({ headers }))).toMatchObject({ code: "malformed_header" });
  });

  it("rejects invalid and partial signatures ('invalid/partial signature throws error')", () => {
    for (const signature of ["v1,dawfeoifkpqwoekfpqoekf", SIGNATURE.slice(0, 8), "v1,"]) {
      const headers = { ...HEADERS, "webhook-signature": signature };
      expect(standard.verify(input({ headers })).valid).toBe(false);
    }
    const noV1 = { ...HEADERS, "webhook-signature": "v1a,abc v2,def" };
    expect(standard.verify(input({ headers: noV1 }))).toMatchObject({ code: "malformed_header" });
  });

  it("detects webhook-* headers and reads webhook-id and the body's type", () => {
    expect(standard.detect(HEADERS)).toBe(true);
    expect(standard.detect({ "webhook-signature": SIGNATURE })).toBe(false);
    expect(standard.eventId(HEADERS, undefined)).toBe(ID);
    expect(standard.eventType(HEADERS, { type: "invoice.paid" })).toBe("invoice.paid");
  });
});
