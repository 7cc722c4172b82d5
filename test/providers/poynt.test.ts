import { describe, expect, it } from "vitest";
import { poynt } from "../../src/providers/poynt.js";
import type { VerifyInput } from "../../src/providers/types.js";

/*
 * No official Poynt vector verifies. Poynt's webhook page (Cloud APIs › Webhooks › "Validating a
 * webhook") shows a request with `Poynt-Webhook-Signature: PkaykJxe3c5rHtZjcfBKWLk2khA=` and the
 * registration secret "not-the-secret-you-know", but that signature matches none of the shown
 * body's serialisations (as printed, compact JSON of 660 bytes as its Content-Length says,
 * indented) with that secret: the page's ids were edited (its applicationId and businessId differ
 * from the registration example's). Poynt publishes no SDK test for it either. So the vector below
 * follows the page's own recipe, computed independently with OpenSSL, not with this code:
 *   printf '%s' '{"eventType":"ORDER_COMPLETED","id":"77c6d7f7-2eeb-4ed0-9cb7-d1a846473cfc"}' \
 *     | openssl sha1 -hmac "not-the-secret-you-know" -binary | base64
 */
const SECRET = "not-the-secret-you-know";
const BODY = '{"eventType":"ORDER_COMPLETED","id":"77c6d7f7-2eeb-4ed0-9cb7-d1a846473cfc"}';
const SIGNATURE = "JJxhy9/0GAk005r8+b8zJkmXvx8=";

function input(overrides: Partial<VerifyInput> = {}): VerifyInput {
  return {
    body: Buffer.from(BODY),
    headers: { "poynt-webhook-signature": SIGNATURE },
    secrets: [SECRET],
    ...overrides,
  };
}

describe("poynt provider", () => {
  it("signs as the documented openssl recipe does", () => {
    expect(poynt.sign({ body: Buffer.from(BODY), secret: SECRET })).toEqual({
      "Poynt-Webhook-Signature": SIGNATURE,
    });
  });

  it("verifies a matching signature", () => {
    expect(poynt.verify(input())).toMatchObject({ valid: true, reason: "HMAC-SHA1 matched" });
  });

  it("does not verify the doc's edited example, and says no signature matched", () => {
    // The example body of the page, as compact JSON: 660 bytes, its Content-Length.
    const example =
      '{"applicationId":"urn:aid:6bdee3b0-ced0-4263-ac4e-f783acc9857e","businessId":"469e957c-57a7-4d54-a72a-9e8f3296adad","createdAt":"2015-09-15T20:00:44Z","deviceId":"urn:tid:7e113874-9c3e-3d45-9c37-bde91ebe60e8","eventType":"ORDER_COMPLETED","hookId":"3574d16a-671c-47e3-ac0b-06dc5878abdc","id":"77c6d7f7-2eeb-4ed0-9cb7-d1a846473cfc","links":[{"href":"https://services.poynt.net/businesses/469e957c-57a7-4d54-a72a-9e8f3296adad/orders/d297262c-014f-1000-01e4-3c85d2679731","method":"GET","rel":"resource"}],"resource":"/orders","resourceId":"d297262c-014f-1000-01e4-3c85d2679731","storeId":"c2855b41-1dd5-4ecc-8258-f0c89ae40338","updatedAt":"2015-09-15T20:00:44Z"}';
    expect(Buffer.byteLength(example)).toBe(660);
    const result = poynt.verify(
      input({
        body: Buffer.from(example),
        headers: { "poynt-webhook-signature": "PkaykJxe3c5rHtZjcfBKWLk2khA=" },
      }),
    );
    expect(result).toMatchObject({ valid: false, code: "no_match" });
  });

  it("rejects a tampered body and a wrong secret", () => {
    expect(poynt.verify(input({ body: Buffer.from(`${BODY} `) }))).toMatchObject({
      code: "no_match",
    });
    expect(poynt.verify(input({ secrets: ["the-secret-you-know"] }))).toMatchObject({
      code: "no_match",
    });
  });

  it("accepts the second secret during key rotation", () => {
    expect(poynt.verify(input({ secrets: ["old", SECRET] })).valid).toBe(true);
  });

  it("names the missing header and calls a non-SHA-1 value malformed", () => {
    expect(poynt.verify(input({ headers: {} }))).toMatchObject({
      code: "missing_header",
      reason: "missing poynt-webhook-signature header",
    });
    const sha256Sized = Buffer.alloc(32).toString("base64");
    for (const bad of [sha256Sized, "not base64!", SIGNATURE.slice(1)]) {
      expect(poynt.verify(input({ headers: { "poynt-webhook-signature": bad } }))).toMatchObject({
        code: "malformed_header",
      });
    }
  });

  it("detects Poynt and reads id and eventType from the body", () => {
    const headers = { "poynt-webhook-signature": SIGNATURE };
    expect(poynt.detect(headers)).toBe(true);
    const json: unknown = JSON.parse(BODY);
    expect(poynt.eventId(headers, json)).toBe("77c6d7f7-2eeb-4ed0-9cb7-d1a846473cfc");
    expect(poynt.eventType(headers, json)).toBe("ORDER_COMPLETED");
  });
});
