import { sign as octokitSign, verify as octokitVerify } from "@octokit/webhooks-methods";
import { Webhook } from "standardwebhooks";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { getProvider } from "../../src/providers/index.js";

// hooks against the providers' own libraries on npm: what hooks signs, the library accepts, and
// what the library signs, hooks accepts. The libraries are dev dependencies only.

/** sign() gives headers as the sender writes them (`Stripe-Signature`); find one by any case. */
function header(headers: Record<string, string>, name: string): string {
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  if (!found) throw new Error(`no ${name} in ${Object.keys(headers).join(", ")}`);
  return found[1];
}

const BODY = Buffer.from(`{
  "id": "evt_1",
  "object": "event",
  "type": "charge.succeeded"
}`);

describe("Standard Webhooks (standardwebhooks on npm)", () => {
  const standard = getProvider("standard");
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  it("accepts hooks' signature, and hooks accepts the library's", () => {
    const headers = standard.sign({
      body: BODY,
      secret,
      id: "msg_1",
      timestamp: Math.floor(Date.now() / 1000),
    });
    expect(() => new Webhook(secret).verify(BODY.toString(), headers)).not.toThrow();

    const when = new Date();
    const signature = new Webhook(secret).sign("msg_2", when, BODY.toString());
    const theirs = {
      "webhook-id": "msg_2",
      "webhook-timestamp": String(Math.floor(when.getTime() / 1000)),
      "webhook-signature": signature,
    };
    expect(standard.verify({ body: BODY, headers: theirs, secrets: [secret] })).toMatchObject({
      valid: true,
    });
  });

  it("takes a secret without its whsec_ prefix as the same base64 key, as the library does", () => {
    const bare = secret.slice("whsec_".length);
    const when = new Date();
    const signature = new Webhook(bare).sign("msg_3", when, BODY.toString());
    const headers = {
      "webhook-id": "msg_3",
      "webhook-timestamp": String(Math.floor(when.getTime() / 1000)),
      "webhook-signature": signature,
    };
    expect(standard.verify({ body: BODY, headers, secrets: [bare] })).toMatchObject({
      valid: true,
    });
    expect(standard.verify({ body: BODY, headers, secrets: [secret] })).toMatchObject({
      valid: true,
    });
  });
});

describe("GitHub (@octokit/webhooks-methods)", () => {
  const github = getProvider("github");
  const secret = "It's a Secret to Everybody";

  it("signs the same bytes the same way, and each verifies the other's", async () => {
    const headers = github.sign({ body: BODY, secret });
    expect(header(headers, "x-hub-signature-256")).toBe(await octokitSign(secret, BODY.toString()));
    expect(
      await octokitVerify(secret, BODY.toString(), header(headers, "x-hub-signature-256")),
    ).toBe(true);
    const theirs = { "x-hub-signature-256": await octokitSign(secret, BODY.toString()) };
    expect(github.verify({ body: BODY, headers: theirs, secrets: [secret] })).toMatchObject({
      valid: true,
    });
  });
});

describe("Stripe (stripe on npm)", () => {
  const stripe = getProvider("stripe");
  const secret = "whsec_test_secret_0123456789abcdefghij";
  const library = new Stripe("sk_test_not_used_for_signatures");

  it("accepts hooks' Stripe-Signature, and hooks accepts the library's test header", () => {
    const headers = stripe.sign({ body: BODY, secret });
    const event = library.webhooks.constructEvent(
      BODY.toString(),
      header(headers, "stripe-signature"),
      secret,
    );
    expect(event.id).toBe("evt_1");

    const testHeader = library.webhooks.generateTestHeaderString({
      payload: BODY.toString(),
      secret,
    });
    expect(
      stripe.verify({ body: BODY, headers: { "stripe-signature": testHeader }, secrets: [secret] }),
    ).toMatchObject({
      valid: true,
    });
  });

  it("both refuse a re-serialised body", () => {
    const headers = stripe.sign({ body: BODY, secret });
    const compact = JSON.stringify(JSON.parse(BODY.toString()));
    expect(() =>
      library.webhooks.constructEvent(compact, header(headers, "stripe-signature"), secret),
    ).toThrow();
    expect(stripe.verify({ body: Buffer.from(compact), headers, secrets: [secret] })).toMatchObject(
      { valid: false },
    );
  });
});
