import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { explainFailure } from "../../src/signing/explain.js";
import { up42 } from "../../src/providers/up42.js";

// UP42's scheme as its own example receivers check it: up42/up42-webhooks,
// snippets/validate_webhook.py and snippets/pipedream_up42_webhook_order_status_handler.py. The
// components come from `signature-input: up42-sig=(...);created=<unix>`, the message is their
// header values joined with nothing, the signature `up42-sig=<base64 HMAC-SHA256>` keyed with the
// secret's UTF-8 bytes, 300 s old at most. UP42 publishes no vector, so the expected values here are
// computed from that algorithm with an HMAC written out below (RFC 2104), not with hooks' code.
// The secret is the sample of UP42's "Create a webhook" request body.

const SECRET = "QWZTFnMEXhqZKNmu";
const CREATED = 1645197138;
const DATE = "Fri, 18 Feb 2022 15:12:18 GMT";
const BODY = Buffer.from(
  '{"event":"order.status","body":{"orderId":"a1b2","status":"FULFILLED"},"timestamp":"2022-02-18T15:12:18Z"}',
);

const sha256 = (...parts: (Buffer | string)[]): Buffer => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** HMAC-SHA256 from its definition: H((K ^ opad) || H((K ^ ipad) || m)), 64-byte blocks. */
function handHmac(key: Buffer, message: Buffer): Buffer {
  const block = Buffer.alloc(64);
  (key.length > 64 ? sha256(key) : key).copy(block);
  const pad = (byte: number) => Buffer.from(block.map((b) => b ^ byte));
  return sha256(pad(0x5c), sha256(pad(0x36), message));
}

/** What UP42's snippet computes: base64(HMAC(secret, "".join(headers[c] for c in components))). */
const snippetSignature = (secret: string, values: string[]): string =>
  handHmac(Buffer.from(secret, "utf8"), Buffer.from(values.join(""), "utf8")).toString("base64");

const DIGEST = `sha-256=:${sha256(BODY).toString("base64")}:`;

/** A delivery signed by hand over the given headers, as UP42 would send it. */
function delivery(
  headers: Record<string, string>,
  created = CREATED,
  secret = SECRET,
): Record<string, string> {
  const names = Object.keys(headers);
  return {
    ...headers,
    "signature-input": `up42-sig=(${names.map((n) => `"${n}"`).join(" ")});created=${created}`,
    signature: `up42-sig=${snippetSignature(secret, Object.values(headers))}`,
  };
}

describe("the hand-written HMAC", () => {
  it("gives RFC 4231's test case 2", () => {
    expect(
      handHmac(Buffer.from("Jefe"), Buffer.from("what do ya want for nothing?")).toString("hex"),
    ).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });
});

describe("up42 sign", () => {
  it("lists content-digest, date and the delivery id, and signs their values as UP42's snippet checks", () => {
    const signed = up42.sign({ body: BODY, secret: SECRET, id: "d-1", timestamp: CREATED });
    expect(signed).toEqual({
      "content-digest": DIGEST,
      date: DATE,
      "up42-delivery-id": "d-1",
      "signature-input": `up42-sig=("content-digest" "date" "up42-delivery-id");created=${CREATED}`,
      signature: `up42-sig=${snippetSignature(SECRET, [DIGEST, DATE, "d-1"])}`,
    });
    expect(up42.verify({ body: BODY, headers: signed, secrets: [SECRET], now: CREATED })).toEqual({
      valid: true,
      reason:
        "up42-sig HMAC-SHA256 over content-digest, date, up42-delivery-id matched; the body matches its digest",
    });
  });

  it("uses the secret as text: a whsec_ secret is not base64-decoded", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const signed = up42.sign({ body: BODY, secret, id: "d-1", timestamp: CREATED });
    expect(signed.signature).toBe(`up42-sig=${snippetSignature(secret, [DIGEST, DATE, "d-1"])}`);
  });
});

describe("up42 verify", () => {
  const at = { body: BODY, secrets: [SECRET], now: CREATED };

  it("takes the signed headers from signature-input, in its order", () => {
    const headers = delivery({ "content-type": "application/json", "content-digest": DIGEST });
    expect(up42.verify({ ...at, headers })).toMatchObject({ valid: true });
    const swapped = {
      ...headers,
      "signature-input": `up42-sig=("content-digest" "content-type");created=${CREATED}`,
    };
    expect(up42.verify({ ...at, headers: swapped })).toMatchObject({ code: "no_match" });
  });

  it("reads the list as the snippet does: any spacing, other parameters, other members", () => {
    const headers = delivery({ date: DATE, "content-digest": DIGEST });
    headers["signature-input"] =
      `sig1=("@method");created=1, up42-sig=( "Date"  "Content-Digest" );keyid="k";created=${CREATED}`;
    expect(up42.verify({ ...at, headers })).toMatchObject({ valid: true });
  });

  it("verifies headers without a digest but says the body is not covered", () => {
    const headers = delivery({ date: DATE, "up42-delivery-id": "d-1" });
    const result = up42.verify({ ...at, body: Buffer.from("anything at all"), headers });
    expect(result).toMatchObject({ valid: true });
    expect(result.reason).toMatch(/body is NOT covered: signature-input lists no content-digest/);
  });

  it("fails a body that is not the one content-digest names, with the body's own digest", () => {
    const headers = delivery({ "content-digest": DIGEST, date: DATE });
    const tampered = Buffer.from(BODY.toString().replace("FULFILLED", "FAILED_PERMANENTLY"));
    const result = up42.verify({ ...at, body: tampered, headers });
    expect(result).toMatchObject({ valid: false, code: "body_digest_mismatch" });
    expect(result.reason).toContain(sha256(tampered).toString("base64"));
    expect(result.reason).toMatch(/signed headers are authentic but content-digest does not match/);
  });

  it("checks a sha-512 digest too, and calls a digest it cannot compute malformed", () => {
    const sha512 = createHash("sha512").update(BODY).digest("base64");
    const both = delivery({
      "content-digest": `sha-256=:${sha256(BODY).toString("base64")}:, sha-512=:${sha512}:`,
    });
    expect(up42.verify({ ...at, headers: both })).toMatchObject({ valid: true });
    const wrong512 = delivery({
      "content-digest": `${DIGEST}, sha-512=:${sha256(BODY).toString("base64")}:`,
    });
    expect(up42.verify({ ...at, headers: wrong512 })).toMatchObject({
      code: "body_digest_mismatch",
    });
    const md5 = delivery({ "content-digest": "md5=:AAAA:" });
    expect(up42.verify({ ...at, headers: md5 })).toMatchObject({ code: "malformed_header" });
  });

  it("rejects a created time more than 300 s away, either way", () => {
    const headers = delivery({ "content-digest": DIGEST });
    expect(up42.verify({ ...at, headers, now: CREATED + 300 })).toMatchObject({ valid: true });
    expect(up42.verify({ ...at, headers, now: CREATED + 301 })).toMatchObject({
      code: "timestamp_too_old",
    });
    expect(up42.verify({ ...at, headers, now: CREATED - 301 })).toMatchObject({
      code: "timestamp_too_new",
    });
  });

  it("tells a wrong secret, a missing listed header and malformed headers apart", () => {
    const headers = delivery({ "content-digest": DIGEST, date: DATE });
    expect(up42.verify({ ...at, headers, secrets: ["other"] })).toMatchObject({ code: "no_match" });
    expect(up42.verify({ ...at, headers, secrets: ["other", SECRET] })).toMatchObject({
      valid: true,
    });
    const { date: _date, ...noDate } = headers;
    expect(up42.verify({ ...at, headers: noDate })).toEqual({
      valid: false,
      code: "missing_header",
      reason: "missing date header, which signature-input lists as signed",
    });
    const { signature: _signature, ...unsigned } = headers;
    expect(up42.verify({ ...at, headers: unsigned })).toMatchObject({ code: "missing_header" });
    for (const bad of [
      { "signature-input": `sig1=("date");created=${CREATED}` },
      { "signature-input": `up42-sig=();created=${CREATED}` },
      { "signature-input": `up42-sig=("date")` },
      { signature: "up42-sig=deadbeef" },
      { signature: `other=${headers.signature?.slice("up42-sig=".length)}` },
    ]) {
      expect(
        up42.verify({ ...at, headers: { ...headers, ...bad } }),
        JSON.stringify(bad),
      ).toMatchObject({ code: "malformed_header" });
    }
  });

  it("lets --explain name a re-serialised body and a stale clock", () => {
    const pretty = Buffer.from(`${JSON.stringify(JSON.parse(BODY.toString()), null, 2)}`);
    const headers = up42.sign({ body: pretty, secret: SECRET, id: "d-1", timestamp: CREATED });
    const compact = { body: BODY, headers, secrets: [SECRET], now: CREATED };
    expect(up42.verify(compact)).toMatchObject({ code: "body_digest_mismatch" });
    expect(explainFailure(up42, compact).matched).toMatch(
      /as 2-space JSON, the way the sender sent it: your app verified JSON.stringify\(req.body\)/,
    );
    const late = { ...compact, body: pretty, now: CREATED + 3600 };
    expect(explainFailure(up42, late).matched).toMatch(/outside the tolerance/);
  });
});

describe("up42 detection and fields", () => {
  it("is recognised by an up42-sig member of signature-input, and only by that", () => {
    expect(up42.detect(delivery({ date: DATE }))).toBe(true);
    expect(
      up42.detect({ "signature-input": `sig1=("date");created=${CREATED}`, signature: "sig1=:x:" }),
    ).toBe(false);
    expect(
      up42.detect({ "webhook-id": "m", "webhook-signature": "v1,x", "user-agent": "UP42" }),
    ).toBe(false);
  });

  it("reads the event from `event` and the id from up42-delivery-id", () => {
    expect(up42.eventType({}, JSON.parse(BODY.toString()))).toBe("order.status");
    expect(up42.eventId({ "up42-delivery-id": "d-1" }, undefined)).toBe("d-1");
  });
});
