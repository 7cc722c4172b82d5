import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base64Hmac, verifyBase64Hmac } from "../../src/providers/base64-hmac.js";
import { matchAny } from "../../src/providers/verify-result.js";

const SCHEME = { header: "x-test-signature", algorithm: "sha256" } as const;
const BODY = Buffer.from('{"id":"evt_1"}');
// Computed with node:crypto directly, not with the helper under test.
const SIGNATURE = createHmac("sha256", "new-secret")
  .update("https://example.com/hook")
  .update(BODY)
  .digest("base64");

const verify = (headers: Record<string, string>, secrets: string[]) =>
  verifyBase64Hmac({ body: BODY, headers, secrets }, SCHEME, ["https://example.com/hook"]);

describe("the shared HMAC check", () => {
  it("signs the prefix, then the body", () => {
    expect(base64Hmac(SCHEME, "new-secret", "https://example.com/hook", BODY)).toBe(SIGNATURE);
  });

  it("accepts any of several secrets (key rotation)", () => {
    expect(verify({ "x-test-signature": ` ${SIGNATURE} ` }, ["old-secret", "new-secret"])).toEqual({
      valid: true,
      reason: "HMAC-SHA256 matched",
    });
    expect(verify({ "x-test-signature": SIGNATURE }, ["old-secret"])).toEqual({
      valid: false,
      code: "no_match",
      reason: "no signature matched: 1 HMAC-SHA256(s) checked against 1 secret(s)",
    });
  });

  it("tells a missing or malformed header from a wrong signature", () => {
    expect(verify({}, ["new-secret"])).toMatchObject({ code: "missing_header" });
    const hex = Buffer.from(SIGNATURE, "base64").toString("hex");
    expect(verify({ "x-test-signature": hex }, ["new-secret"])).toEqual({
      valid: false,
      code: "malformed_header",
      reason: "malformed x-test-signature header: expected the base64 of a 32-byte HMAC-SHA256",
    });
  });

  it("accepts any of several received signatures", () => {
    const result = matchAny(["aaa", "bbb"], ["s1", "s2"], (secret) => `${secret}-bbb`, "test");
    expect(result.valid).toBe(false);
    expect(matchAny(["aaa", "s2-bbb"], ["s1", "s2"], (s) => `${s}-bbb`, "test").valid).toBe(true);
  });
});
