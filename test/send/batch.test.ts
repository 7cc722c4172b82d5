import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { startReceiver, signatureIsValid, type Receiver } from "./receiver.js";
import { json, send } from "./run.js";

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

type Update = { objectId: string; type: string; ts: number };

describe("--batch", () => {
  it("clover: n updates in one notification, each a fresh object id", async () => {
    receiver = await startReceiver();
    const run = await send({
      url: receiver.url,
      provider: "clover",
      secret: ["auth"],
      event: ["O.UPDATE"],
      batch: "7",
    });
    expect(run.summary.testsRun).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    const merchants = json(receiver.requests[0]?.body as Buffer).merchants as Record<
      string,
      Update[]
    >;
    const updates = Object.values(merchants)[0] as Update[];
    expect(Object.keys(merchants)).toHaveLength(1);
    expect(updates).toHaveLength(7);
    expect(new Set(updates.map((u) => u.objectId)).size).toBe(7);
    expect(updates.every((u) => /^O:/.test(u.objectId) && u.type === "UPDATE")).toBe(true);
    expect(receiver.requests[0]?.headers["x-clover-auth"]).toBe("auth");
  });

  it("square: 250 inventory counts become notifications of 100, 100 and 50, each signed", async () => {
    receiver = await startReceiver();
    const run = await send({
      url: receiver.url,
      provider: "square",
      secret: ["key"],
      event: ["inventory.count.updated"],
      batch: "250",
      concurrency: "1",
    });
    expect(run.summary).toMatchObject({ testsRun: 3, testsSucceeded: 3 });
    const sizes = receiver.requests.map(
      (r) =>
        (json(r.body).data as { object: { inventory_counts: unknown[] } }).object.inventory_counts
          .length,
    );
    expect(sizes).toEqual([100, 100, 50]);
    const ids = receiver.requests.map((r) => json(r.body).event_id);
    expect(new Set(ids).size).toBe(3);
    for (const r of receiver.requests)
      expect(signatureIsValid("square", "key", receiver.url, r)).toBe(true);
    const counts = receiver.requests.flatMap(
      (r) =>
        (
          json(r.body).data as {
            object: { inventory_counts: { catalog_object_id: string; quantity: unknown }[] };
          }
        ).object.inventory_counts,
    );
    expect(new Set(counts.map((c) => c.catalog_object_id)).size).toBe(250);
    expect(counts.every((c) => typeof c.quantity === "string")).toBe(true);
  });

  it("--count repeats each batch with fresh ids", async () => {
    receiver = await startReceiver();
    await send({
      url: receiver.url,
      provider: "clover",
      secret: ["auth"],
      event: ["P.CREATE", "C.DELETE"],
      batch: "2",
      count: "3",
    });
    expect(receiver.requests).toHaveLength(6);
    const objectIds = receiver.requests.flatMap((r) =>
      Object.values(json(r.body).merchants as Record<string, Update[]>)
        .flat()
        .map((u) => u.objectId),
    );
    expect(new Set(objectIds).size).toBe(12);
  });

  it("is a usage error on events that do not batch", async () => {
    await expect(
      send({
        url: "http://127.0.0.1:9/x",
        provider: "square",
        secret: ["k"],
        event: ["payment.created"],
        batch: "5",
      }),
    ).rejects.toThrow(UsageError);
  });
});

describe("--set", () => {
  it("overrides fields, parsing the value as JSON when it parses", async () => {
    receiver = await startReceiver();
    await send({
      url: receiver.url,
      provider: "square",
      secret: ["k"],
      event: ["payment.created"],
      set: [
        "data.object.payment.amount_money.amount=500",
        "data.object.payment.note=thank you",
        'data.object.payment.status="FAILED"',
        'data.object.payment.metadata={"order":7}',
      ],
    });
    const payment = (
      json(receiver.requests[0]?.body as Buffer).data as {
        object: { payment: Record<string, unknown> };
      }
    ).object.payment;
    expect(payment.amount_money).toEqual({ amount: 500, currency: "USD" });
    expect(payment.note).toBe("thank you");
    expect(payment.status).toBe("FAILED");
    expect(payment.metadata).toEqual({ order: 7 });
    expect(signatureIsValid("square", "k", receiver.url, receiver.requests[0] as never)).toBe(true);
  });

  it("chooses UP42's order status, and * reaches Clover's merchant map and every batched item", async () => {
    receiver = await startReceiver();
    await send({
      url: receiver.url,
      provider: "up42",
      secret: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
      event: ["order.status"],
      set: ["body.status=FAILED_PERMANENTLY"],
    });
    expect(json(receiver.requests[0]?.body as Buffer)).toMatchObject({
      event: "order.status",
      body: { status: "FAILED_PERMANENTLY" },
    });
    await send({
      url: receiver.url,
      provider: "clover",
      secret: ["a"],
      event: ["O.CREATE"],
      batch: "3",
      set: ["merchants.*.0.type=DELETE", "appId=MYAPPID"],
    });
    const body = json(receiver.requests[1]?.body as Buffer);
    expect(body.appId).toBe("MYAPPID");
    const updates = Object.values(body.merchants as Record<string, Update[]>)[0] as Update[];
    expect(updates.map((u) => u.type)).toEqual(["DELETE", "DELETE", "DELETE"]);
  });

  it("rejects a malformed override before sending", async () => {
    receiver = await startReceiver();
    await expect(
      send({ url: receiver.url, provider: "stripe", secret: ["s"], set: ["no-equals-sign"] }),
    ).rejects.toThrow(/--set/);
    expect(receiver.requests).toHaveLength(0);
  });
});

describe("--payload", () => {
  it("sends the given bytes exactly as they are, signed, with the named event's headers", async () => {
    receiver = await startReceiver();
    const dir = mkdtempSync(join(tmpdir(), "hooks-payload-"));
    const bytes = Buffer.from('{ "zen":"Keep it logically awesome.",\n  "hook_id": 1 }\n');
    const file = join(dir, "ping.json");
    writeFileSync(file, bytes);
    const run = await send({
      url: receiver.url,
      provider: "github",
      secret: ["s3cret"],
      event: ["ping"],
      payload: file,
      count: "2",
    });
    expect(run.summary.testsSucceeded).toBe(2);
    for (const request of receiver.requests) {
      expect(request.body.equals(bytes)).toBe(true);
      expect(request.headers["x-github-event"]).toBe("ping");
      expect(signatureIsValid("github", "s3cret", receiver.url, request)).toBe(true);
    }
    expect(receiver.requests[0]?.headers["x-github-delivery"]).not.toBe(
      receiver.requests[1]?.headers["x-github-delivery"],
    );
  });

  it("takes the event and id from the payload itself when it names them", async () => {
    receiver = await startReceiver();
    const dir = mkdtempSync(join(tmpdir(), "hooks-payload-"));
    const file = join(dir, "event.json");
    writeFileSync(file, '{"id":"evt_given","object":"event","type":"invoice.paid"}');
    const run = await send({
      url: receiver.url,
      provider: "stripe",
      secret: ["whsec_x"],
      payload: file,
    });
    expect(run.tests[0]).toMatchObject({ event: "invoice.paid", id: "evt_given", ok: true });
    expect(signatureIsValid("stripe", "whsec_x", receiver.url, receiver.requests[0] as never)).toBe(
      true,
    );
  });

  it("cannot be combined with --set or --batch", async () => {
    await expect(
      send({
        url: "http://127.0.0.1:9/",
        provider: "github",
        secret: ["s"],
        payload: "x",
        set: ["a=1"],
      }),
    ).rejects.toThrow(/--payload cannot be combined with --set/);
  });
});
