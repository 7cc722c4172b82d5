import { describe, expect, it } from "vitest";
import { CheckFailed, UsageError } from "../../src/errors.js";
import { stripe } from "../../src/providers/stripe.js";
import { ProviderRefused } from "../../src/webhooks/api-error.js";
import { createStripeApi, STRIPE_API_VERSION } from "../../src/webhooks/stripe-api.js";
import type { ApiContext, WebhookApi } from "../../src/webhooks/types.js";
import { startFakeServer, type FakeServer } from "../fixtures/fake-apis/fake-http.js";
import {
  startStripeFake,
  type StripeFake,
  type StripeFakeOptions,
} from "../fixtures/fake-apis/stripe.js";
import { stripeSignature } from "../fixtures/fake-apis/stripe-rules.js";
import { startReceiver } from "../send/receiver.js";
import { closedAfterEach, failure, fakeContext } from "./api-kit.js";

const closeLater = closedAfterEach();

async function fake(options: StripeFakeOptions = {}): Promise<StripeFake> {
  return closeLater(await startStripeFake(options));
}

/** The fake the test started last: its state and request log. */
let last: StripeFake;
async function fakeWith(options: StripeFakeOptions = {}): Promise<StripeFake> {
  last = await fake(options);
  return last;
}

async function client(
  server: FakeServer,
  overrides: Partial<ApiContext> = {},
): Promise<WebhookApi> {
  let n = 0;
  const apiKey = (server as Partial<StripeFake>).state?.apiKey ?? "sk_test_x";
  return createStripeApi(
    await fakeContext(server.url, { apiKey }, { newId: () => `idem-${++n}`, ...overrides }),
  );
}

describe("stripe webhook endpoints client", () => {
  it("creates with a form body, pinned version and idempotency key, and hands on the whsec_ secret", async () => {
    const api = await client(await fakeWith());
    const created = await api.create({
      url: "https://example.com/hooks",
      events: ["charge.succeeded", "charge.failed"],
      name: "hooks listen example",
    });
    expect(created.id).toMatch(/^we_/);
    expect(created.secret).toMatch(/^whsec_/);
    expect(created).toMatchObject({
      url: "https://example.com/hooks",
      enabled: true,
      name: "hooks listen example",
      provider: "stripe",
    });
    expect(created.events).toEqual(["charge.succeeded", "charge.failed"]);
    expect(Date.parse(created.createdAt ?? "")).toBeGreaterThan(Date.now() - 60_000);
    const request = last.requests.at(-1);
    expect(request?.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(request?.body.toString()).toBe(
      "url=https%3A%2F%2Fexample.com%2Fhooks&enabled_events%5B%5D=charge.succeeded&enabled_events%5B%5D=charge.failed&description=hooks+listen+example",
    );
    expect(request?.headers.authorization).toBe(`Bearer ${last.state.apiKey}`);
    expect(request?.headers["stripe-version"]).toBe(STRIPE_API_VERSION);
    expect(request?.headers["idempotency-key"]).toBe("idem-1");
    expect(last.state.endpoints[0]?.secret).toBe(created.secret);
  });

  it("subscribes to every event (*) when none is given", async () => {
    const api = await client(await fakeWith());
    const created = await api.create({ url: "https://example.com/a", events: [], name: "" });
    expect(created.events).toEqual(["*"]);
    expect(last.requests.at(-1)?.form?.has("description")).toBe(false);
  });

  it("never shows the secret again: get, list and update come without it", async () => {
    const api = await client(await fakeWith());
    const { id } = await api.create({ url: "https://example.com/a", events: ["*"], name: "x" });
    expect((await api.get(id)).secret).toBeUndefined();
    expect((await api.list())[0]?.secret).toBeUndefined();
    expect((await api.update(id, { url: "https://example.com/b" })).secret).toBeUndefined();
  });

  it("follows every page of the list (has_more, starting_after)", async () => {
    const api = await client(await fakeWith({ maxPageSize: 2 }));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await api.create({ url: `https://example.com/${i}`, events: ["*"], name: "" })).id);
    }
    const listed = await api.list();
    expect(listed.map((subscription) => subscription.id).sort()).toEqual([...ids].sort());
    const pages = last.requests.filter((request) => request.method === "GET");
    expect(pages).toHaveLength(3);
    expect(pages[0]?.query.get("limit")).toBe("100");
    expect(pages[1]?.query.get("starting_after")).toBe(listed[1]?.id);
  });

  it("update changes what it is given and keeps the rest, the secret included", async () => {
    const api = await client(await fakeWith());
    const created = await api.create({
      url: "https://example.com/a",
      events: ["charge.failed"],
      name: "keep me",
    });
    const moved = await api.update(created.id, { url: "https://example.com/b" });
    expect(moved).toMatchObject({
      url: "https://example.com/b",
      events: ["charge.failed"],
      name: "keep me",
      enabled: true,
    });
    expect(last.requests.at(-1)?.body.toString()).toBe("url=https%3A%2F%2Fexample.com%2Fb");
    const disabled = await api.update(created.id, {
      enabled: false,
      events: ["invoice.paid"],
      secret: "whsec_not_sent",
    });
    expect(disabled).toMatchObject({
      enabled: false,
      events: ["invoice.paid"],
      url: "https://example.com/b",
    });
    expect(last.requests.at(-1)?.body.toString()).not.toContain("secret");
    expect(last.state.endpoints[0]?.secret).toBe(created.secret);
  });

  it("deletes, then says what Stripe says about the missing endpoint (exit 2)", async () => {
    const api = await client(await fakeWith());
    const { id } = await api.create({ url: "https://example.com/a", events: ["*"], name: "" });
    await api.delete(id);
    expect(last.state.endpoints).toHaveLength(0);
    const error = await failure(api.get(id));
    expect(error).toBeInstanceOf(ProviderRefused);
    expect(error.message).toBe(
      `stripe: resource_missing: No such webhook endpoint: '${id}' (param: id) (HTTP 404)`,
    );
  });

  it("refuses a rejected key in Stripe's words without ever showing the key whole", async () => {
    const server = await fakeWith();
    const key = "sk_test_51WrongKeyWrongKeyWrongKey1234";
    const error = await failure((await client(server, { credentials: { apiKey: key } })).list());
    expect(error).toBeInstanceOf(ProviderRefused);
    expect(error.message).toMatch(
      /^stripe: invalid_request_error: Invalid API Key provided: sk_test_\*+1234 \(HTTP 401\)$/,
    );
    expect(error.message).not.toContain(key);
  });

  it("masks the key where an answer repeats it whole", async () => {
    const key = "sk_test_51EchoedEchoedEchoedEchoed9876";
    const echo = await startFakeServer(() => ({
      status: 400,
      body: { error: { type: "invalid_request_error", message: `bad key ${key}` } },
    }));
    closeLater(echo);
    const error = await failure((await client(echo, { credentials: { apiKey: key } })).list());
    expect(error.message).not.toContain(key);
    expect(error.message).toContain("bad key sk_test_");
  });

  it("refuses a live key without --live before any request, and takes it with --live", async () => {
    const liveKey = "sk_live_51LiveLiveLiveLiveLiveLive0000";
    const server = await fakeWith({ apiKeys: [liveKey] });
    const refused = await failure(client(server, { credentials: { apiKey: liveKey } }));
    expect(refused).toBeInstanceOf(UsageError);
    expect(refused.message).toContain("a live key needs --live");
    expect(refused.message).not.toContain(liveKey);
    await expect(client(server, { credentials: { apiKey: "rk_live_abc" } })).rejects.toThrow(
      /needs --live/,
    );
    expect(server.requests).toHaveLength(0);
    expect(
      await (await client(server, { credentials: { apiKey: liveKey }, live: true })).list(),
    ).toEqual([]);
  });

  it("retries a 429 and then succeeds", async () => {
    const server = await fakeWith();
    server.state.throttleNext = 2;
    expect(await (await client(server)).list()).toEqual([]);
    expect(server.requests).toHaveLength(3);
  });

  it("passes on Stripe's refusals: http URL, unknown event, the 16-endpoint limit", async () => {
    const api = await client(await fakeWith());
    const http = await failure(
      api.create({ url: "http://example.com/a", events: ["*"], name: "" }),
    );
    expect(http.message).toMatch(
      /^stripe: url_invalid: Invalid URL: http:\/\/example.com\/a.*\(param: url\) \(HTTP 400\)$/,
    );
    const unknown = await failure(
      api.create({ url: "https://example.com/a", events: ["charge.exploded"], name: "" }),
    );
    expect(unknown.message).toMatch(
      /^stripe: parameter_invalid_string: Invalid enabled_events\[0\]: must be one of/,
    );
    for (let i = 0; i < 16; i++)
      await api.create({ url: `https://example.com/${i}`, events: ["*"], name: "" });
    const full = await failure(
      api.create({ url: "https://example.com/17", events: ["*"], name: "" }),
    );
    expect(full).toBeInstanceOf(ProviderRefused);
    expect(full.message).toContain("You have reached the maximum of 16 test webhook endpoints.");
  });

  it("turns a 5xx into a failed check (exit 1) in Stripe's words", async () => {
    const broken = await startFakeServer(() => ({
      status: 500,
      body: { error: { type: "api_error", message: "Something went wrong on Stripe's end." } },
    }));
    closeLater(broken);
    const error = await failure((await client(broken)).list());
    expect(error).toBeInstanceOf(CheckFailed);
    expect(error.message).toBe(
      "stripe: api_error: Something went wrong on Stripe's end. (HTTP 500)",
    );
  });

  it("lists Stripe's event types from its spec, with * first", async () => {
    const events = await (await client(await fakeWith())).events();
    expect(events[0]?.name).toBe("*");
    expect(events.find((event) => event.name === "charge.succeeded")?.description).toBe(
      "Occurs whenever a charge is successful.",
    );
    expect(new Set(events.map((event) => event.name)).size).toBe(events.length);
    expect(events.length).toBeGreaterThan(200);
    expect(last.requests).toHaveLength(0);
  });
});

describe("the fake Stripe", () => {
  it("rejects JSON bodies as Stripe does", async () => {
    const server = await fakeWith();
    const answer = await fetch(`${server.url}/v1/webhook_endpoints`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${server.state.apiKey}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ url: "https://example.com", enabled_events: ["*"] }),
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(await answer.json())).toContain("application/x-www-form-urlencoded");
  });

  // Official vector: stripe/stripe-dotnet src/StripeTests/Services/Events/EventUtilityTest.cs over
  // src/StripeTests/Resources/event_test_signature.json (also in test/providers/stripe.test.ts).
  it("signs like Stripe (stripe-dotnet's vector)", () => {
    const body = `{\n  "id": "evt_123",\n  "object": "event",\n  "account": "acct_123",\n  "api_version": "2017-05-25",\n  "created": 1533204620,\n  "data": {\n    "object": {\n      "id": "cus_123",\n      "object": "customer",\n      "created": 123456789,\n      "email": "test@stripe.com",\n      "livemode": false,\n      "metadata": {}\n    }\n  },\n  "livemode": false,\n  "pending_webhooks": 1,\n  "request": {\n    "id": "req_123",\n    "idempotency_key": "idempotency-key-123"\n  },\n  "type": "customer.created"\n}\n`;
    expect(stripeSignature("webhook_secret", 1533204620, body)).toBe(
      "t=1533204620,v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7",
    );
  });

  it("delivers a signed event that hooks verifies with the secret create returned", async () => {
    const { url, requests: received } = closeLater(await startReceiver());
    const api = await client(await fakeWith({ requireHttps: false }));
    const created = await api.create({ url, events: ["charge.succeeded"], name: "" });
    const sent = await last.deliverEvent(created.id, "charge.succeeded");
    expect(sent.status).toBe(200);
    const [delivery] = received;
    const headers = { "stripe-signature": String(delivery?.headers["stripe-signature"]) };
    const body = delivery?.body ?? Buffer.alloc(0);
    expect(stripe.verify({ body, headers, secrets: [created.secret ?? ""] }).valid).toBe(true);
    expect(stripe.verify({ body, headers, secrets: ["whsec_other"] }).valid).toBe(false);
    expect(stripe.eventId(headers, JSON.parse(body.toString()))).toBe(sent.eventId);
    await expect(last.deliverEvent(created.id, "invoice.paid")).rejects.toThrow(
      /would not receive/,
    );
  });
});
