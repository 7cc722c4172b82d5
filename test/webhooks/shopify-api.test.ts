import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { shopify } from "../../src/providers/shopify.js";
import { ProviderRefused } from "../../src/webhooks/api-error.js";
import { createShopifyApi } from "../../src/webhooks/shopify-api.js";
import { SHOPIFY_API_VERSION } from "../../src/webhooks/shopify-graphql.js";
import type { ApiContext, WebhookApi } from "../../src/webhooks/types.js";
import {
  startShopifyFake,
  type ShopifyFake,
  type ShopifyFakeOptions,
} from "../fixtures/fake-apis/shopify.js";
import { shopifyHmac } from "../fixtures/fake-apis/shopify-rules.js";
import { startReceiver } from "../send/receiver.js";
import { closedAfterEach, failure, fakeContext } from "./api-kit.js";

const closeLater = closedAfterEach();

async function fake(options: ShopifyFakeOptions = {}): Promise<ShopifyFake> {
  return closeLater(await startShopifyFake(options));
}

/** Every wait a THROTTLED answer caused, in ms. */
let waits: number[] = [];

async function client(
  server: ShopifyFake,
  overrides: Partial<ApiContext> = {},
): Promise<WebhookApi> {
  waits = [];
  const context = await fakeContext(
    server.url,
    { token: server.state.token },
    { target: { shop: "hooks-test.myshopify.com" }, newId: () => "id", ...overrides },
  );
  return createShopifyApi(context, { sleep: async (ms) => void waits.push(ms) });
}

const URL_A = "https://example.com/webhooks";

describe("shopify webhook subscriptions client", () => {
  it("posts GraphQL to the shop's pinned-version endpoint with the access token", async () => {
    const server = await fake();
    expect(await (await client(server)).list()).toEqual([]);
    const request = server.requests[0];
    expect(request?.path).toBe(`/admin/api/${SHOPIFY_API_VERSION}/graphql.json`);
    expect(request?.headers["x-shopify-access-token"]).toBe(server.state.token);
    expect(request?.headers["content-type"]).toContain("application/json");
  });

  it("needs a <name>.myshopify.com shop before any request", async () => {
    const server = await fake();
    for (const shop of [undefined, "example.com", "https://hooks-test.myshopify.com"]) {
      const target = shop === undefined ? {} : { shop };
      const error = await failure(client(server, { target }));
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toContain(".myshopify.com");
    }
    expect(server.requests).toHaveLength(0);
  });

  it("creates one subscription for one topic, in hooks' topic words", async () => {
    const server = await fake();
    const created = await (
      await client(server)
    ).create({ url: URL_A, events: ["orders/create"], name: "" });
    expect(created).toMatchObject({
      url: URL_A,
      events: ["orders/create"],
      enabled: true,
      provider: "shopify",
    });
    expect(created.id).toMatch(/^gid:\/\/shopify\/WebhookSubscription\/\d+$/);
    expect(created.secret).toBeUndefined();
    expect(Date.parse(created.createdAt ?? "")).toBeGreaterThan(Date.now() - 60_000);
    expect(server.state.subscriptions).toMatchObject([
      { id: created.id, topic: "ORDERS_CREATE", uri: URL_A, format: "JSON" },
    ]);
  });

  it("makes one subscription per topic, joined into one id that get and delete take", async () => {
    const server = await fake();
    const api = await client(server);
    const created = await api.create({
      url: URL_A,
      events: ["orders/create", "customer.tags_added"],
      name: "",
    });
    const gids = server.state.subscriptions.map((stored) => stored.id);
    expect(gids).toHaveLength(2);
    expect(created.id).toBe(gids.join(","));
    expect(server.state.subscriptions.map((stored) => stored.topic)).toEqual([
      "ORDERS_CREATE",
      "CUSTOMER_TAGS_ADDED",
    ]);
    expect((await api.get(created.id)).events).toEqual(["orders/create", "customer.tags_added"]);
    await api.delete(created.id);
    expect(server.state.subscriptions).toEqual([]);
  });

  it("removes what it made when a later topic is refused, and says why in Shopify's words", async () => {
    const server = await fake({ deniedTopics: ["ORDERS_PAID"] });
    const api = await client(server);
    const error = await failure(
      api.create({ url: URL_A, events: ["orders/create", "orders/paid"], name: "" }),
    );
    expect(error).toBeInstanceOf(ProviderRefused);
    expect(error.message).toBe(
      "shopify: ORDERS_PAID: webhookSubscription.uri: You do not have permission to create or update webhooks with orders/paid topic. This topic contains protected customer data. (HTTP 422)",
    );
    expect(server.state.subscriptions).toEqual([]);
    expect(
      server.state.operations.flat().filter((name) => name === "webhookSubscriptionDelete"),
    ).toHaveLength(1);
  });

  it("passes on userErrors: a duplicate, an http address", async () => {
    const api = await client(await fake());
    await api.create({ url: URL_A, events: ["orders/create"], name: "" });
    const taken = await failure(api.create({ url: URL_A, events: ["orders/create"], name: "" }));
    expect(taken.message).toContain("Address for this topic has already been taken (HTTP 422)");
    const http = await failure(
      api.create({ url: "http://example.com/x", events: ["orders/paid"], name: "" }),
    );
    expect(http.message).toContain("Address protocol http:// is not supported");
  });

  it("passes on a top-level error for an unknown topic, and refuses a topic it cannot read", async () => {
    const api = await client(await fake());
    const unknown = await failure(
      api.create({ url: URL_A, events: ["orders/exploded"], name: "" }),
    );
    expect(unknown).toBeInstanceOf(ProviderRefused);
    expect(unknown.message).toMatch(
      /^shopify: INVALID_VARIABLE: Variable \$topic .* invalid value \(HTTP 400\)$/,
    );
    await expect(api.create({ url: URL_A, events: ["Orders Create"], name: "" })).rejects.toThrow(
      UsageError,
    );
    await expect(api.create({ url: URL_A, events: [], name: "" })).rejects.toThrow(/--event/);
  });

  it("follows every page of the list", async () => {
    const server = await fake({ pageSize: 2 });
    const api = await client(server);
    const topics = [
      "orders/create",
      "orders/paid",
      "orders/updated",
      "products/create",
      "carts/create",
    ];
    for (const topic of topics) await api.create({ url: URL_A, events: [topic], name: "" });
    const listed = await api.list();
    expect(listed.map((subscription) => subscription.events[0])).toEqual(topics);
    expect(listed.map((subscription) => subscription.id)).toEqual(
      server.state.subscriptions.map((stored) => stored.id),
    );
    const pages = server.state.operations.filter((names) => names.includes("webhookSubscriptions"));
    expect(pages).toHaveLength(3);
  });

  it("re-points every subscription of a composite id and keeps its topics", async () => {
    const server = await fake();
    const api = await client(server);
    const created = await api.create({
      url: URL_A,
      events: ["orders/create", "orders/paid"],
      name: "",
    });
    const moved = await api.update(created.id, { url: "https://example.com/new" });
    expect(moved).toMatchObject({
      id: created.id,
      url: "https://example.com/new",
      events: ["orders/create", "orders/paid"],
    });
    expect(server.state.subscriptions.map((stored) => stored.uri)).toEqual([
      "https://example.com/new",
      "https://example.com/new",
    ]);
  });

  it("changes topics by creating and deleting subscriptions, since a topic cannot change", async () => {
    const server = await fake();
    const api = await client(server);
    const created = await api.create({ url: URL_A, events: ["orders/create"], name: "" });
    const grown = await api.update(created.id, { events: ["orders/create", "orders/paid"] });
    expect(grown.events).toEqual(["orders/create", "orders/paid"]);
    expect(grown.id.split(",")[0]).toBe(created.id);
    const shrunk = await api.update(grown.id, { events: ["orders/paid"] });
    expect(shrunk.events).toEqual(["orders/paid"]);
    expect(server.state.subscriptions.map((stored) => stored.id)).toEqual([shrunk.id]);
    expect(server.state.subscriptions[0]?.uri).toBe(URL_A);
    await expect(api.update(shrunk.id, { enabled: false })).rejects.toThrow(/cannot be disabled/);
  });

  it("says when an id does not exist, and refuses what is not an id", async () => {
    const api = await client(await fake());
    const missing = await failure(api.get("gid://shopify/WebhookSubscription/1"));
    expect(missing).toBeInstanceOf(ProviderRefused);
    expect(missing.message).toContain("(HTTP 404)");
    const gone = await failure(api.delete("1"));
    expect(gone.message).toBe(
      "shopify: gid://shopify/WebhookSubscription/1: id: Webhook subscription does not exist (HTTP 422)",
    );
    await expect(api.get("we_123")).rejects.toThrow(UsageError);
  });

  it("lists topics by introspection, in the X-Shopify-Topic vocabulary", async () => {
    const server = await fake();
    const events = await (await client(server)).events();
    const names = events.map((event) => event.name);
    expect(names).toContain("orders/create");
    expect(names).toContain("customer.tags_added");
    expect(names).toContain("app_subscriptions/approaching_capped_amount");
    expect(events.find((event) => event.name === "app/uninstalled")?.description).toBe(
      "Occurs whenever a shop has uninstalled the app.",
    );
    expect(server.state.operations).toEqual([["__type"]]);
  });

  it("waits and retries on THROTTLED, within a bound", async () => {
    const server = await fake();
    server.state.throttleNext = 2;
    const api = await client(server);
    expect(await api.list()).toEqual([]);
    expect(waits).toHaveLength(2);
    expect(waits.every((ms) => ms > 0 && ms <= 10_000)).toBe(true);
    server.state.throttleNext = 100;
    const error = await failure(api.list());
    expect(error).toBeInstanceOf(ProviderRefused);
    expect(error.message).toBe("shopify: THROTTLED: Throttled (HTTP 429)");
    expect(server.state.throttleNext).toBe(95);
  });

  it("refuses a rejected token in Shopify's words, never showing it", async () => {
    const server = await fake();
    const token = "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";
    const error = await failure((await client(server, { credentials: { token } })).list());
    expect(error).toBeInstanceOf(ProviderRefused);
    expect(error.message).toBe(
      "shopify: [API] Invalid API key or access token (unrecognized login or wrong password) (HTTP 401)",
    );
    expect(error.message).not.toContain(token);
  });
});

describe("the fake Shopify", () => {
  async function post(server: ShopifyFake, query: string): Promise<Record<string, unknown>> {
    const answer = await fetch(`${server.url}/admin/api/2026-07/graphql.json`, {
      method: "POST",
      headers: { "x-shopify-access-token": server.state.token, "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
    return (await answer.json()) as Record<string, unknown>;
  }

  it("rejects unknown root fields and answers only the fields asked for, with the cost", async () => {
    const server = await fake();
    const unknown = await post(server, "{ shop { name } }");
    expect(JSON.stringify(unknown.errors)).toContain(
      "Field 'shop' doesn't exist on type 'QueryRoot'",
    );
    await (await client(server)).create({ url: URL_A, events: ["orders/create"], name: "" });
    const listed = await post(
      server,
      "{ webhookSubscriptions(first: 5) { edges { node { id } } } }",
    );
    expect(listed.data).toEqual({
      webhookSubscriptions: { edges: [{ node: { id: server.state.subscriptions[0]?.id } }] },
    });
    expect(listed.extensions).toMatchObject({ cost: { throttleStatus: { restoreRate: 100 } } });
  });

  // Official vector: Shopify/shopify-api-php tests/Webhooks/RegistryTest.php (secret "steffi").
  it("signs like Shopify (shopify-api-php's vector)", () => {
    expect(shopifyHmac("steffi", '{"foo":"bar"}')).toBe(
      "/Redz4YXHLnSmmSN8grr5/Jl/Ua3d7yX3iWbjb8R8wo=",
    );
  });

  it("delivers an event signed with the app's client secret that hooks verifies", async () => {
    const { url, requests: received } = closeLater(
      await startReceiver((_request, _n, response) => response.end()),
    );
    const server = await fake({ requireHttps: false });
    const created = await (
      await client(server)
    ).create({ url, events: ["orders/create"], name: "" });
    const sent = await server.deliverEvent(created.id);
    expect(sent).toMatchObject({ status: 200, topic: "orders/create" });
    const headers = Object.fromEntries(
      Object.entries(received[0]?.headers ?? {}).map(([k, v]) => [k, String(v)]),
    );
    const body = received[0]?.body ?? Buffer.alloc(0);
    expect(headers["x-shopify-topic"]).toBe("orders/create");
    expect(shopify.verify({ body, headers, secrets: [server.state.clientSecret] }).valid).toBe(
      true,
    );
    expect(shopify.verify({ body, headers, secrets: ["other"] }).valid).toBe(false);
    expect(shopify.eventId(headers, undefined)).toBe(sent.webhookId);
  });
});
