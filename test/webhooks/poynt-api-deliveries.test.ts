import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { poynt } from "../../src/providers/poynt.js";
import { createPoyntApi } from "../../src/webhooks/poynt-api.js";
import { refusal } from "./api-kit.js";
import { BUSINESS, SECRET, usePoyntKit } from "./poynt-kit.js";

const kit = usePoyntKit();

describe("poynt API client: deliveries", () => {
  it("lists the hook's deliveries (event id = the body's id) across pages and redelivers the same signed body", async () => {
    const server = await kit.fake();
    const target = await kit.receiver([500]);
    const api = createPoyntApi(await kit.context(server));
    const hook = await api.create({
      url: target.url,
      events: ["ORDER_COMPLETED", "ORDER_OPENED"],
      name: "",
      secret: SECRET,
    });
    const other = await kit.receiver();
    await api.create({ url: other.url, events: ["ORDER_COMPLETED"], name: "", secret: "other" });

    await server.emit(BUSINESS, "ORDER_COMPLETED");
    kit.time.now += 1000;
    await server.emit(BUSINESS, "ORDER_OPENED");
    await server.emit(BUSINESS, "ORDER_OPENED");
    expect(target.received).toHaveLength(3);
    for (const got of target.received) {
      expect(
        poynt.verify({
          body: got.body,
          headers: got.headers as Record<string, string>,
          secrets: [SECRET],
        }).valid,
      ).toBe(true);
    }
    const sentIds = target.received.map((got) =>
      poynt.eventId(got.headers as Record<string, string>, JSON.parse(got.body.toString())),
    );

    const deliveries = await api.deliveries?.(hook.id);
    expect(deliveries?.map((delivery) => delivery.eventId)).toEqual(sentIds);
    expect(deliveries?.map((delivery) => delivery.ok)).toEqual([false, true, true]);
    expect(deliveries?.[0]).toMatchObject({
      event: "ORDER_COMPLETED",
      status: null,
      redelivery: false,
      message: "ERRORED",
      deliveredAt: "2025-10-01T12:00:00.000Z",
    });
    expect(server.requests.filter((request) => request.path.endsWith("/deliveries"))).toHaveLength(
      2,
    );

    const later = await api.deliveries?.(hook.id, new Date(kit.time.now));
    expect(later?.map((delivery) => delivery.event)).toEqual(["ORDER_OPENED", "ORDER_OPENED"]);

    const failed = deliveries?.[0]?.id ?? "";
    const results = await api.redeliver?.(hook.id, [
      failed,
      "00000000-0000-0000-0000-000000000000",
    ]);
    expect(results).toEqual([
      { id: failed, ok: true, message: null },
      {
        id: "00000000-0000-0000-0000-000000000000",
        ok: false,
        message: "RESOURCE_NOT_FOUND: Delivery not found",
      },
    ]);
    expect(target.received).toHaveLength(4);
    expect(target.received[3]?.body.equals(target.received[0]?.body ?? Buffer.alloc(0))).toBe(true);
    expect(target.received[3]?.headers["poynt-webhook-signature"]).toBe(
      target.received[0]?.headers["poynt-webhook-signature"],
    );
    const after = await api.deliveries?.(hook.id);
    expect(after?.[0]).toMatchObject({
      id: failed,
      ok: true,
      redelivery: true,
      message: "DELIVERED after 2 attempts",
    });
  });

  it("deliveries of an unknown hook is refused in Poynt's words", async () => {
    const server = await kit.fake();
    const error = await refusal(
      createPoyntApi(await kit.context(server)).deliveries?.(randomUUID()) ?? Promise.resolve(),
    );
    expect(error.message).toContain("RESOURCE_NOT_FOUND");
  });
});
