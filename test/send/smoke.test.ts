import { afterEach, describe, expect, it } from "vitest";
import { listEvents } from "../../src/providers/catalog.js";
import { PROVIDER_IDS, type ProviderId } from "../../src/providers/table.js";
import { startReceiver, signatureIsValid, type Received, type Receiver } from "./receiver.js";
import { json, send } from "./run.js";

// Keyed by the provider table's ids: a provider added there without its entries here, and without
// its independent check in receiver.ts, fails to type-check or fails here.
const SECRETS: Record<ProviderId, string> = {
  clover: "0307e264-b33a-4913-88aa-37b10014a0b8",
  poynt: "not-the-secret-you-know",
  square: "square-signature-key",
  standard: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  stripe: "whsec_test_secret",
  github: "It's a Secret to Everybody",
  shopify: "shopify-client-secret",
  slack: "8f742231b10e8888abcd99yyyzzz85a5",
  up42: "QWZTFnMEXhqZKNmu",
};

/** The event a delivery says it is, read the way a receiver would (independently of src/). */
const EVENT_OF: Record<ProviderId, (request: Received) => string> = {
  clover: (r) => {
    const merchants = json(r.body).merchants as Record<
      string,
      { objectId: string; type: string }[]
    >;
    const [update] = Object.values(merchants)[0] ?? [];
    return `${update?.objectId.split(":")[0]}.${update?.type}`;
  },
  poynt: (r) => json(r.body).eventType as string,
  square: (r) => json(r.body).type as string,
  standard: (r) => json(r.body).type as string,
  stripe: (r) => json(r.body).type as string,
  github: (r) => r.headers["x-github-event"] as string,
  shopify: (r) => r.headers["x-shopify-topic"] as string,
  slack: (r) => {
    const body = json(r.body);
    return body.type === "url_verification"
      ? "url_verification"
      : ((body.event as { type: string }).type as string);
  },
  up42: (r) => json(r.body).event as string,
};

/** The id a receiver would de-duplicate on. */
const ID_OF: Record<ProviderId, (request: Received) => string | undefined> = {
  clover: (r) => JSON.stringify(json(r.body).merchants),
  poynt: (r) => json(r.body).id as string,
  square: (r) => json(r.body).event_id as string,
  standard: (r) => r.headers["webhook-id"],
  stripe: (r) => json(r.body).id as string,
  github: (r) => r.headers["x-github-delivery"],
  shopify: (r) => r.headers["x-shopify-webhook-id"],
  slack: (r) => (json(r.body).event_id as string) ?? (json(r.body).challenge as string),
  up42: (r) => r.headers["up42-delivery-id"],
};

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe("smoke suite: one of each sample event, signed", () => {
  for (const provider of PROVIDER_IDS) {
    it(`${provider}: every event arrives once, signed, with a fresh id, and passes`, async () => {
      receiver = await startReceiver();
      const secret = SECRETS[provider];
      const events = listEvents(provider).map((event) => event.name);
      expect(events.length).toBeGreaterThan(0);
      const run = await send({ url: receiver.url, provider, secret: [secret] });

      expect(run.summary).toMatchObject({ testsRun: events.length, testsFailed: 0 });
      expect(receiver.requests).toHaveLength(events.length);
      for (const request of receiver.requests) {
        expect(request.method).toBe("POST");
        expect(request.path).toBe("/webhooks");
        expect(signatureIsValid(provider, secret, receiver.url, request)).toBe(true);
        expect(() => json(request.body)).not.toThrow();
      }
      const seen = receiver.requests.map(EVENT_OF[provider]);
      for (const name of events) {
        const expected = provider === "slack" ? name.split(".")[0] : name;
        expect(seen).toContain(expected);
      }
      const ids = receiver.requests.map(ID_OF[provider] as (r: Received) => string);
      expect(new Set(ids).size).toBe(ids.length);
      expect(run.tests.every((test) => test.ok && test.status === 200)).toBe(true);
    });
  }
});

describe("provider headers", () => {
  it("square: environment and initial-delivery timestamp, no retry headers on a first delivery", async () => {
    receiver = await startReceiver();
    await send({
      url: receiver.url,
      provider: "square",
      secret: ["k"],
      event: ["payment.created"],
    });
    const [request] = receiver.requests;
    expect(request?.headers["square-environment"]).toBe("Sandbox");
    expect(Date.parse(request?.headers["square-initial-delivery-timestamp"] ?? "")).not.toBeNaN();
    expect(request?.headers["square-retry-number"]).toBeUndefined();
  });

  it("shopify: topic, shop domain, webhook id, API version and triggered-at", async () => {
    receiver = await startReceiver();
    const run = await send({
      url: receiver.url,
      provider: "shopify",
      secret: ["s"],
      event: ["orders/create"],
    });
    const headers = receiver.requests[0]?.headers ?? {};
    expect(headers["x-shopify-topic"]).toBe("orders/create");
    expect(headers["x-shopify-shop-domain"]).toMatch(/\.myshopify\.com$/);
    expect(headers["x-shopify-api-version"]).toMatch(/^\d{4}-\d{2}$/);
    expect(Date.parse(headers["x-shopify-triggered-at"] ?? "")).not.toBeNaN();
    expect(headers["x-shopify-webhook-id"]).toBe(run.tests[0]?.id);
  });

  it("github: event, delivery id (the test's id) and a Hookshot user agent", async () => {
    receiver = await startReceiver();
    const run = await send({
      url: receiver.url,
      provider: "github",
      secret: ["s"],
      event: ["push"],
    });
    const headers = receiver.requests[0]?.headers ?? {};
    expect(headers["x-github-event"]).toBe("push");
    expect(headers["x-github-delivery"]).toBe(run.tests[0]?.id);
    expect(headers["user-agent"]).toMatch(/^GitHub-Hookshot\//);
    expect(json(receiver.requests[0]?.body ?? Buffer.alloc(0)).repository).toMatchObject({
      full_name: "octocat/hello-world",
    });
  });

  it("square: customer.deleted carries data.deleted: true", async () => {
    receiver = await startReceiver();
    await send({
      url: receiver.url,
      provider: "square",
      secret: ["k"],
      event: ["customer.deleted"],
    });
    const body = json(receiver.requests[0]?.body ?? Buffer.alloc(0));
    expect(body.data).toMatchObject({ type: "customer", deleted: true });
  });

  it("clover: updates are {objectId: KEY:id, type, ts in Unix ms}", async () => {
    receiver = await startReceiver();
    const before = Date.now();
    await send({ url: receiver.url, provider: "clover", secret: ["c"], event: ["I.DELETE"] });
    const body = json(receiver.requests[0]?.body ?? Buffer.alloc(0));
    expect(typeof body.appId).toBe("string");
    const [[merchant, updates]] = Object.entries(
      body.merchants as Record<string, { objectId: string; type: string; ts: number }[]>,
    ) as [[string, { objectId: string; type: string; ts: number }[]]];
    expect(merchant).toMatch(/^[0-9A-Z]{13}$/);
    expect(updates[0]?.objectId).toMatch(/^I:[0-9A-Z]{13}$/);
    expect(updates[0]?.type).toBe("DELETE");
    expect(updates[0]?.ts).toBeGreaterThanOrEqual(before);
  });
});
