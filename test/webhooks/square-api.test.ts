import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { square } from "../../src/providers/square.js";
import { ProviderRefused } from "../../src/webhooks/api-error.js";
import { createSquareApi } from "../../src/webhooks/square-api.js";
import type { ApiContext, WebhookApi } from "../../src/webhooks/types.js";
import type { FakeServer } from "../fixtures/fake-apis/fake-http.js";
import {
  SQUARE_FAKE_TOKEN,
  startSquareFake,
  type SquareFake,
  type SquareFakeOptions,
} from "../fixtures/fake-apis/square.js";
import type { SquareDelivery } from "../fixtures/fake-apis/square-state.js";
import { startReceiver, type Receiver, type Received } from "../send/receiver.js";
import { closedAfterEach, failure, fakeContext } from "./api-kit.js";

const NOW = Date.parse("2025-09-01T10:00:00.000Z");
const closeLater = closedAfterEach();

async function fake(options: SquareFakeOptions = {}): Promise<SquareFake> {
  return closeLater(await startSquareFake({ requireHttps: false, now: () => NOW, ...options }));
}

async function receiver(status = 200): Promise<Receiver> {
  const server = await startReceiver((_request, _n, response) => {
    response.statusCode = status;
    response.end();
  });
  closeLater(server);
  return server;
}

async function api(server: FakeServer, overrides: Partial<ApiContext> = {}): Promise<WebhookApi> {
  return createSquareApi(
    await fakeContext(server.url, { token: SQUARE_FAKE_TOKEN }, { clock: () => NOW, ...overrides }),
  );
}

/** Checks a delivery with hooks' own Square verifier, against the URL it is told was signed. */
function verifies(request: Received | SquareDelivery, key: string, url: string): boolean {
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body);
  return square.verify({ body, headers: request.headers, secrets: [key], url }).valid;
}

const input = (url: string, events = ["payment.created", "payment.updated"]) => ({
  url,
  events,
  name: "hooks listen example",
});

describe("square API client", () => {
  it("creates a subscription and returns Square's signature key as the secret", async () => {
    const server = await fake();
    const client = await api(server);
    const created = await client.create(input("https://example.test/webhooks"));
    const stored = server.state.subscriptions.get(created.id);
    expect(created.id).toMatch(/^wbhk_[0-9a-f]{32}$/);
    expect(created.secret).toBe(stored?.signature_key);
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(created).toMatchObject({
      url: "https://example.test/webhooks",
      events: ["payment.created", "payment.updated"],
      enabled: true,
      name: "hooks listen example",
      provider: "square",
      createdAt: new Date(NOW).toISOString(),
    });
    const request = server.requests[0];
    expect(request?.headers.authorization).toBe(`Bearer ${SQUARE_FAKE_TOKEN}`);
    expect(request?.headers["square-version"]).toBe("2025-08-20");
    expect((request?.json as { idempotency_key?: string }).idempotency_key).toMatch(/^.{1,45}$/);
  });

  it("lists every page, disabled subscriptions included, without keys", async () => {
    const server = await fake({ pageSize: 2 });
    const client = await api(server);
    const ids: string[] = [];
    for (let n = 0; n < 5; n++)
      ids.push((await client.create(input(`https://example.test/${n}`))).id);
    await client.update(ids[3] ?? "", { enabled: false });
    server.requests.length = 0;
    const listed = await client.list();
    expect(listed.map((one) => one.id)).toEqual(ids);
    expect(listed.find((one) => one.id === ids[3])?.enabled).toBe(false);
    expect(listed.every((one) => one.secret === undefined)).toBe(true);
    expect(server.requests).toHaveLength(3);
    expect(server.requests.every((one) => one.query.get("include_disabled") === "true")).toBe(true);
  });

  it("lists nothing when Square answers an empty object", async () => {
    expect(await (await api(await fake())).list()).toEqual([]);
  });

  it("gets a subscription with its key", async () => {
    const server = await fake();
    const client = await api(server);
    const { id } = await client.create(input("https://example.test/a"));
    const got = await client.get(id);
    expect(got.secret).toBe(server.state.subscriptions.get(id)?.signature_key);
  });

  it("re-points a subscription, keeps the rest and the key, and Square then signs the new URL", async () => {
    const server = await fake();
    const target = await receiver();
    const client = await api(server);
    const created = await client.create(input("https://old.example.test/webhooks"));
    const updated = await client.update(created.id, {
      url: target.url,
      secret: created.secret ?? "",
    });
    expect(server.requests.at(-1)?.json).toEqual({
      subscription: { notification_url: target.url },
    });
    expect(updated).toMatchObject({ url: target.url, events: created.events, enabled: true });
    // Square's update answer has no key; the client keeps the one the caller gave.
    expect(updated.secret).toBe(created.secret);
    expect(server.state.subscriptions.get(created.id)?.signature_key).toBe(created.secret);
    await server.state.notify(created.id, "payment.updated");
    const arrived = target.requests[0];
    if (arrived === undefined) throw new Error("no delivery arrived");
    expect(verifies(arrived, created.secret ?? "", target.url)).toBe(true);
    expect(verifies(arrived, created.secret ?? "", "https://old.example.test/webhooks")).toBe(
      false,
    );
  });

  it("reports no secret after an update the caller gave none for", async () => {
    const server = await fake();
    const client = await api(server);
    const { id } = await client.create(input("https://example.test/a"));
    const updated = await client.update(id, { events: ["order.created"] });
    expect(updated.secret).toBeUndefined();
    expect(updated.events).toEqual(["order.created"]);
    expect(updated.url).toBe("https://example.test/a");
  });

  it("refuses an update with nothing to change, before asking Square", async () => {
    const server = await fake();
    const error = await failure((await api(server)).update("wbhk_x", {}));
    expect(error).toBeInstanceOf(UsageError);
    expect(server.requests).toHaveLength(0);
  });

  it("deletes, and then Square's NOT_FOUND is a refusal in its words", async () => {
    const server = await fake();
    const client = await api(server);
    const { id } = await client.create(input("https://example.test/a"));
    await client.delete(id);
    expect(server.state.subscriptions.has(id)).toBe(false);
    const error = await failure(client.get(id));
    expect(error).toBeInstanceOf(ProviderRefused);
    expect(error.message).toBe(
      "square: INVALID_REQUEST_ERROR NOT_FOUND: Webhook subscription not found. (HTTP 404)",
    );
  });

  it("lists event types with their release status and version as the description", async () => {
    const types = await (await api(await fake())).events();
    expect(types).toContainEqual({
      name: "inventory.count.updated",
      description: "PUBLIC, since 2018-07-12",
    });
    expect(types.length).toBeGreaterThan(1);
  });

  it("asks Square for a test of one event, which really arrives signed", async () => {
    const server = await fake();
    const target = await receiver();
    const client = await api(server);
    const created = await client.create(input(target.url));
    const report = await client.test?.(created.id, "payment.updated");
    expect(report).toMatchObject({ testsRun: 1, testsSucceeded: 1, testsFailed: 0 });
    expect(report?.tests[0]).toMatchObject({
      event: "payment.updated",
      ok: true,
      status: 200,
      error: null,
    });
    const arrived = target.requests[0];
    if (arrived === undefined) throw new Error("no delivery arrived");
    expect(verifies(arrived, created.secret ?? "", target.url)).toBe(true);
    expect(arrived.headers["square-environment"]).toBe("Sandbox");
    expect(arrived.headers["square-initial-delivery-timestamp"]).toBe(new Date(NOW).toISOString());
    expect(square.eventId({}, JSON.parse(arrived.body.toString()))).toBe(
      server.state.deliveries[0]?.eventId,
    );
  });

  it("tests every event of the subscription without one, and a failing URL fails the test", async () => {
    const server = await fake();
    const target = await receiver(500);
    const client = await api(server);
    const created = await client.create(input(target.url));
    const report = await client.test?.(created.id);
    expect(report?.tests.map((one) => one.event)).toEqual(created.events);
    expect(report).toMatchObject({ testsRun: 2, testsSucceeded: 0, testsFailed: 2 });
    expect(report?.tests[0]).toMatchObject({
      ok: false,
      status: 500,
      error: { reason: "http_error" },
    });
    expect(target.requests).toHaveLength(2);
  });

  it("reports a URL that never answered as a connection error", async () => {
    const server = await fake();
    const gone = await receiver();
    await gone.close();
    const client = await api(server);
    const created = await client.create(input(gone.url, ["order.created"]));
    const report = await client.test?.(created.id);
    expect(report?.tests[0]).toMatchObject({
      ok: false,
      status: null,
      error: { reason: "connection_error" },
    });
  });

  it("refuses a test of an event the subscription is not for, in Square's words", async () => {
    const server = await fake();
    const client = await api(server);
    const { id } = await client.create(input("https://example.test/a"));
    const error = await failure(client.test?.(id, "order.created") ?? Promise.resolve());
    expect(error).toBeInstanceOf(ProviderRefused);
    expect(error.message).toMatch(
      /^square: INVALID_REQUEST_ERROR INVALID_VALUE: .*\(field event_type\) \(HTTP 400\)$/,
    );
  });

  it("rotates the key, and deliveries are then signed with the new one", async () => {
    const server = await fake();
    const target = await receiver();
    const client = await api(server);
    const created = await client.create(input(target.url));
    const rotated = await client.rotate?.(created.id);
    expect(rotated?.secret).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(rotated?.secret).not.toBe(created.secret);
    expect((await client.get(created.id)).secret).toBe(rotated?.secret);
    const delivery = await server.state.notify(created.id, "payment.created");
    expect(verifies(delivery, rotated?.secret ?? "", target.url)).toBe(true);
    expect(verifies(delivery, created.secret ?? "", target.url)).toBe(false);
  });
});
