import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/providers/catalog.js";
import { listProviders } from "../../src/providers/index.js";
import { compileEvent } from "../../src/sender/samples.js";

const CLOVER_KEYS = ["A", "C", "CA", "E", "I", "IC", "IG", "IM", "O", "M", "P", "SH"];

describe("sample catalogs", () => {
  for (const provider of listProviders()) {
    it(`${provider.id}: named, described, unique events that render to JSON`, () => {
      const { events } = loadCatalog(provider.id);
      expect(events.length).toBeGreaterThan(0);
      expect(new Set(events.map((event) => event.name)).size).toBe(events.length);
      for (const event of events) {
        expect(event.description.length).toBeGreaterThan(10);
        expect(event.description).not.toMatch(/\{\{\w+\.\w+\}\}/);
        const factory = compileEvent(event, { overrides: [], userHeaders: {} });
        const notification = factory.build(Date.now(), 1, factory.batch ? 2 : 0);
        expect(() => JSON.parse(notification.body.toString())).not.toThrow();
        expect(notification.body.toString()).not.toContain("{{");
        expect(notification.id).not.toContain("{{");
        expect(Object.values(notification.headers).join()).not.toContain("{{");
      }
    });
  }

  it("clover: every key with CREATE, UPDATE and DELETE", () => {
    const names = loadCatalog("clover").events.map((event) => event.name);
    const expected = CLOVER_KEYS.flatMap((key) =>
      ["CREATE", "UPDATE", "DELETE"].map((type) => `${key}.${type}`),
    );
    expect(names.sort()).toEqual(expected.sort());
  });

  it("poynt: the order events, in the shape of Poynt's example", () => {
    const catalog = loadCatalog("poynt");
    const names = catalog.events.map((event) => event.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "ORDER_OPENED",
        "ORDER_COMPLETED",
        "ORDER_CANCELLED",
        "ORDER_UPDATED",
        "TRANSACTION_REFUNDED",
        "PRODUCT_UPDATED",
      ]),
    );
    const completed = catalog.events.find((event) => event.name === "ORDER_COMPLETED");
    const body = JSON.parse(
      compileEvent(completed!, { overrides: [], userHeaders: {} })
        .build(Date.now(), 1, 0)
        .body.toString(),
    ) as Record<string, unknown>;
    // The keys of the example in Poynt's webhook documentation (Cloud APIs › Webhooks), in its order.
    expect(Object.keys(body)).toEqual([
      "applicationId",
      "businessId",
      "createdAt",
      "deviceId",
      "eventType",
      "hookId",
      "id",
      "links",
      "resource",
      "resourceId",
      "storeId",
      "updatedAt",
    ]);
    const [link] = body.links as { href: string; rel: string }[];
    expect(link?.href).toBe(
      `https://services.poynt.net/businesses/${body.businessId as string}/orders/${body.resourceId as string}`,
    );
    expect(body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("square, up42, slack: the events the issue names", () => {
    const names = (id: string) => loadCatalog(id).events.map((event) => event.name);
    expect(names("square")).toEqual(
      expect.arrayContaining([
        "webhooks.test_notification",
        "inventory.count.updated",
        "catalog.version.updated",
        "payment.created",
        "order.created",
        "customer.deleted",
      ]),
    );
    expect(names("up42")).toEqual(["order.status", "job.status"]);
    expect(names("slack")).toEqual(expect.arrayContaining(["url_verification", "app_mention"]));
  });
});
