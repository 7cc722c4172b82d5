import { describe, expect, it } from "vitest";
import { Hold, type Redelivery } from "../../src/listener/hold.js";
import type { Forwarder, ForwardResponse } from "../../src/listener/forward.js";
import type { RequestRecord } from "../../src/store/event-store-record.js";

/** A forwarder whose target refuses connections until `up` is set. */
function target(): { forwarder: Forwarder; up: boolean; sent: string[] } {
  const state = {
    up: false,
    sent: [] as string[],
    forwarder: {
      send: async (url: string, request: { body: Buffer }): Promise<ForwardResponse> => {
        state.sent.push(request.body.toString());
        if (!state.up)
          throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
        return { status: 200, headers: {}, body: Buffer.from("ok") };
      },
      close: async () => {},
    },
  };
  return state;
}

function record(id: string, body: string, receivedAt: string): RequestRecord {
  return {
    type: "request",
    id,
    receivedAt,
    method: "POST",
    path: "/x",
    url: "http://127.0.0.1/x",
    headers: {},
    body,
    bodyEncoding: "utf8",
    bodyBytes: body.length,
    provider: null,
    signature: { status: "unsigned", reason: "" },
    forward: { url: "http://app/x", durationMs: 0, error: "down" },
    hold: { status: "pending", reason: "down" },
  };
}

describe("Hold", () => {
  it("backs off exponentially up to the cap, one attempt per probe, then drains in order", async () => {
    const app = target();
    const waits: number[] = [];
    const done: Redelivery[] = [];
    let bothDone: () => void = () => {};
    const both = new Promise<void>((resolve) => (bothDone = resolve));
    let lines = 0;
    const hold = new Hold({
      forwarder: app.forwarder,
      outcomes: { write: async () => void (lines += 1) },
      onRedelivery: (redelivery) => {
        if (done.push(redelivery) === 2) bothDone();
      },
      firstDelayMs: 100,
      maxDelayMs: 400,
      wait: async (ms) => {
        waits.push(ms);
        if (waits.length === 5) app.up = true;
      },
    });
    // Stored out of order (the first one's forward took longer): redelivered by arrival.
    hold.restore([
      record("b", "two", "2026-01-01T00:00:02Z"),
      record("a", "one", "2026-01-01T00:00:01Z"),
    ]);
    await both;
    await hold.settled();

    expect(waits).toEqual([100, 200, 400, 400, 400]);
    // Four failed probes of the oldest alone, then both, oldest first.
    expect(app.sent).toEqual(["one", "one", "one", "one", "one", "two"]);
    expect(done.map((r) => [r.id, r.attempts, r.pending])).toEqual([
      ["a", 5, 1],
      ["b", 1, 0],
    ]);
    expect(lines).toBe(2);
    expect(hold.pending).toBe(0);
  });

  it("answers 202 and holds while the target is down, later arrivals without trying it", async () => {
    const app = target();
    const hold = new Hold({
      forwarder: app.forwarder,
      outcomes: { write: async () => {} },
      onRedelivery: () => {},
      wait: () => new Promise(() => {}),
    });
    const request = { method: "POST", headers: {}, body: Buffer.from("x") };
    const first = await hold.answer("http://app/x", request);
    expect([first.status, first.hold?.status, first.forward?.error]).toEqual([
      202,
      "pending",
      "nothing is listening at http://app/x (connection refused): is your app running?",
    ]);
    app.up = true;
    const second = await hold.answer("http://app/x", request);
    expect([second.status, second.forward?.error]).toEqual([
      202,
      "not sent: 1 older request(s) are held",
    ]);
    expect(app.sent).toHaveLength(1);
  });
});
