import { afterEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { closeAll, SECRET, setup, startReceiver, up42SignatureHolds } from "./up42-setup.js";

afterEach(closeAll);

// `hooks webhooks test` on UP42: the fake really POSTs one signed delivery per subscribed event
// to the webhook's URL, and UP42 (so the client) knows only the counts.

describe("up42 test deliveries", () => {
  it("every subscribed event is delivered, signed with the webhook's secret, and counted", async () => {
    const receiver = await startReceiver(() => 200);
    const { fake, api } = await setup({ requireHttps: false });
    const created = await api.create({
      url: receiver.url,
      events: ["job.status", "order.status"],
      name: "local",
      secret: SECRET,
    });
    const report = await api.test!(created.id);
    expect(report).toMatchObject({ testsRun: 2, testsSucceeded: 2, testsFailed: 0 });
    expect(Number.isFinite(Date.parse(report.startedAt))).toBe(true);
    // All passed and one test per event: which event each test was is certain.
    expect(report.tests.map((test) => [test.event, test.ok, test.status])).toEqual([
      ["job.status", true, null],
      ["order.status", true, null],
    ]);
    expect(receiver.received).toHaveLength(2);
    const bodies = receiver.received.map(
      (delivery) => JSON.parse(delivery.body.toString("utf8")) as { event: string },
    );
    expect(bodies.map((body) => body.event)).toEqual(["job.status", "order.status"]);
    for (const delivery of receiver.received) {
      expect(up42SignatureHolds(delivery.headers, delivery.body, SECRET)).toBe(true);
      expect(up42SignatureHolds(delivery.headers, delivery.body, "another secret")).toBe(false);
      expect(delivery.headers["up42-delivery-id"]).toMatch(/^[0-9a-f-]{36}$/);
    }
    // A body changed in transit no longer matches its signed digest.
    const first = receiver.received[0]!;
    const tampered = Buffer.from(first.body.toString("utf8").replace("SUCCEEDED", "FAILED"));
    expect(up42SignatureHolds(first.headers, tampered, SECRET)).toBe(false);
    expect(fake.state.deliveries.map((delivery) => delivery.status)).toEqual([200, 200]);
  });

  it("a failed delivery is counted as failed; which one UP42 does not say, so neither does the report", async () => {
    const receiver = await startReceiver((event) => (event === "order.status" ? 500 : 204));
    const { api } = await setup({ requireHttps: false });
    const created = await api.create({
      url: receiver.url,
      events: ["job.status", "order.status"],
      name: "local",
      secret: SECRET,
    });
    const report = await api.test!(created.id);
    expect(report).toMatchObject({ testsRun: 2, testsSucceeded: 1, testsFailed: 1 });
    expect(report.tests.map((test) => [test.event, test.ok])).toEqual([
      ["unknown", true],
      ["unknown", false],
    ]);
    expect(report.tests[1]?.error?.message).toContain("1 of 2");
  });

  it("computes testsFailed when UP42 leaves it out (its SDK's fixture has only run and succeeded)", async () => {
    const receiver = await startReceiver(() => 503);
    const { fake, api } = await setup({ requireHttps: false, reportTestsFailed: false });
    const created = await api.create({
      url: receiver.url,
      events: ["order.status"],
      name: "local",
      secret: SECRET,
    });
    const report = await api.test!(created.id);
    const answer = fake.requests.at(-1);
    expect(answer?.path).toMatch(/\/tests$/);
    expect(report).toMatchObject({ testsRun: 1, testsSucceeded: 0, testsFailed: 1 });
    expect(report.tests).toHaveLength(1);
    expect(report.tests[0]).toMatchObject({ event: "order.status", ok: false, status: null });
  });

  it("a URL nobody listens at fails every test", async () => {
    const receiver = await startReceiver(() => 200);
    await receiver.close();
    const { fake, api } = await setup({ requireHttps: false });
    const created = await api.create({
      url: receiver.url,
      events: ["job.status"],
      name: "gone",
      secret: SECRET,
    });
    const report = await api.test!(created.id);
    expect(report).toMatchObject({ testsRun: 1, testsSucceeded: 0, testsFailed: 1 });
    expect(fake.state.deliveries[0]?.status).toBeNull();
  });

  it("refuses --event: UP42 cannot test one event alone", async () => {
    const { fake, api } = await setup({ requireHttps: false });
    const error = await api.test!("any", "order.status").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect(fake.requests.filter((request) => request.path.endsWith("/tests"))).toHaveLength(0);
  });
});
