import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { runConcurrently } from "../../src/sender/engine.js";
import {
  duplicateCount,
  parseMessyFlags,
  planMessy,
  type MessyOptions,
} from "../../src/sender/messy.js";
import { messyRun } from "../../src/sender/messy-run.js";
import type { EventFactory } from "../../src/sender/samples.js";
import type { Notification, SendObserver, TestResult } from "../../src/sender/types.js";

const options = (over: Partial<MessyOptions> = {}): MessyOptions => ({
  fraction: undefined,
  shuffle: false,
  jitterMs: 0,
  seed: 1,
  ...over,
});

describe("messy flags", () => {
  it("is a plain run without --duplicates, --shuffle or --jitter", () => {
    expect(parseMessyFlags({})).toBeUndefined();
  });

  it.each(["0", "1", "0.25", ".5", "1.0", " 0.5 "])("takes --duplicates %j", (text) => {
    expect(parseMessyFlags({ duplicates: text })?.fraction).toBe(Number(text));
  });

  it.each(["", "-0.1", "1.01", "2", "abc", "0x1", "1e-1", "50%", "NaN", "Infinity"])(
    "refuses --duplicates %j with a usage error",
    (text) => {
      expect(() => parseMessyFlags({ duplicates: text })).toThrow(UsageError);
      expect(() => parseMessyFlags({ duplicates: text })).toThrow(/invalid --duplicates/);
    },
  );

  it.each(["-1", "1.5", "x", "600001"])("refuses --jitter %j", (text) => {
    expect(() => parseMessyFlags({ jitter: text })).toThrow(/invalid --jitter/);
  });

  it("takes --seed only with something to draw, and in 0..2^32-1", () => {
    expect(() => parseMessyFlags({ seed: "5" })).toThrow(/--seed draws what/);
    expect(parseMessyFlags({ shuffle: true, seed: "4294967295" })?.seed).toBe(4294967295);
    expect(() => parseMessyFlags({ shuffle: true, seed: "4294967296" })).toThrow(/--seed/);
    expect(() => parseMessyFlags({ shuffle: true, seed: "-1" })).toThrow(/--seed/);
  });

  it("draws a seed when none is given, so the banner can name it", () => {
    const seeds = new Set(
      Array.from({ length: 20 }, () => parseMessyFlags({ shuffle: true })?.seed),
    );
    expect(seeds.size).toBeGreaterThan(1);
    for (const seed of seeds) expect(Number.isInteger(seed)).toBe(true);
  });
});

describe("planMessy", () => {
  it.each([
    [0, 10, 0],
    [1, 13, 13],
    [0.5, 3, 2],
    [0.25, 10, 3],
    [0.1, 4, 0],
    [0.2, 5, 1],
    [0.3, 10, 3],
  ])("re-sends round(%d x %d) = %d events, halves up", (fraction, events, expected) => {
    expect(duplicateCount(fraction, events)).toBe(expected);
    const plan = planMessy(events, options({ fraction }));
    expect(plan.duplicates).toBe(expected);
    expect(plan.order).toHaveLength(events + expected);
  });

  it("lists every event once and each duplicated one twice, the duplicate right after", () => {
    const plan = planMessy(20, options({ fraction: 0.4, seed: 9 }));
    const order = [...plan.order];
    const originals = order.filter((place, i) => order.indexOf(place) === i);
    expect(originals).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const twice = originals.filter((place) => order.lastIndexOf(place) !== order.indexOf(place));
    expect(twice).toHaveLength(8);
    for (const place of twice) {
      expect(order.lastIndexOf(place)).toBe(order.indexOf(place) + 1);
    }
  });

  it("draws the same run from the same seed and another from another", () => {
    const a = planMessy(30, options({ fraction: 0.3, shuffle: true, seed: 42 }));
    const b = planMessy(30, options({ fraction: 0.3, shuffle: true, seed: 42 }));
    const c = planMessy(30, options({ fraction: 0.3, shuffle: true, seed: 43 }));
    expect([...a.order]).toEqual([...b.order]);
    expect([...a.order]).not.toEqual([...c.order]);
  });

  it("shuffles into every order over seeds, never a duplicate before its original", () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 300; seed += 1) {
      const order = [...planMessy(3, options({ fraction: 1 / 3, shuffle: true, seed })).order];
      seen.add(order.join(""));
    }
    // 3 events, any one of them sent twice: 3 x 4!/2! = 36 arrangements, each a valid run.
    expect(seen.size).toBe(36);
    const originals = [...seen].map((order) => [...new Set(order)].join(""));
    expect(new Set(originals).size).toBe(6);
  });

  it("keeps the order a seed gives when only --jitter is added", () => {
    const plain = planMessy(12, options({ fraction: 0.5, shuffle: true, seed: 5 }));
    const jittered = planMessy(12, options({ fraction: 0.5, shuffle: true, seed: 5, jitterMs: 9 }));
    expect([...jittered.order]).toEqual([...plain.order]);
  });
});

/** A factory whose notifications are numbered: body and id name the slot they were built for. */
function factory(event: string): EventFactory {
  return {
    event,
    build: (now, seq) => ({
      event,
      id: `${event}-${seq}`,
      body: Buffer.from(`{"seq":${seq},"at":${now}}`),
      headers: {},
    }),
  };
}

interface Delivered {
  notification: Notification;
  result: TestResult;
}

async function run(plan: ReturnType<typeof planMessy>, concurrency = 1, waits: number[] = []) {
  const schedule = { factories: [factory("a"), factory("b"), factory("c")], count: 2, batch: 1 };
  const delivered: Delivered[] = [];
  const messy = messyRun(
    plan,
    schedule,
    async (notification) => ({
      event: notification.event,
      id: notification.id,
      ok: true,
      status: 200,
      durationMs: 0,
      attempts: 1,
      error: null,
    }),
    { now: () => 1000, wait: async (ms) => void waits.push(ms) },
  );
  const observer: SendObserver = { start: () => {}, result: () => {}, end: async () => {} };
  const deliverAndKeep = async (notification: Notification): Promise<TestResult> => {
    const result = await messy.deliverOne(notification);
    delivered.push({ notification, result });
    return result;
  };
  const summary = await runConcurrently(messy.source, deliverAndKeep, concurrency, observer, "");
  return { delivered, summary };
}

describe("messyRun", () => {
  it("re-sends the same body and event id, marked with the original's id", async () => {
    const plan = planMessy(6, options({ fraction: 0.5, shuffle: true, seed: 3 }));
    const { delivered, summary } = await run(plan);
    expect(summary.testsRun).toBe(9);
    const dups = delivered.filter(({ result }) => result.duplicateOf !== undefined);
    expect(dups).toHaveLength(3);
    for (const dup of dups) {
      const first = delivered.findIndex(({ notification }) => notification.id === dup.result.id);
      const original = delivered[first] as Delivered;
      expect(original.result.duplicateOf).toBeUndefined();
      expect(dup.result.duplicateOf).toBe(original.result.id);
      expect(dup.notification.body.equals(original.notification.body)).toBe(true);
      expect(delivered.indexOf(dup)).toBeGreaterThan(first);
    }
    // The events in the drawn order: slot n of the plain run is a-1, a-2, b-3, b-4, c-5, c-6.
    const names = ["a-1", "a-2", "b-3", "b-4", "c-5", "c-6"];
    expect(delivered.map(({ notification }) => notification.id)).toEqual(
      [...plan.order].map((place) => names[place]),
    );
  });

  it("holds a duplicate until its original's delivery has ended", async () => {
    const plan = planMessy(1, options({ fraction: 1 }));
    const events: string[] = [];
    let release = (): void => undefined;
    const schedule = { factories: [factory("a")], count: 1, batch: 1 };
    const messy = messyRun(
      plan,
      schedule,
      async (notification) => {
        const first = events.length === 0;
        events.push(`start ${notification.id}`);
        if (first) await new Promise<void>((resolve) => (release = resolve));
        events.push(`end ${notification.id}`);
        return {
          event: "a",
          id: notification.id,
          ok: true,
          status: 200,
          durationMs: 0,
          attempts: 1,
          error: null,
        };
      },
      { now: () => 0 },
    );
    const observer: SendObserver = { start: () => {}, result: () => {}, end: async () => {} };
    const running = runConcurrently(messy.source, messy.deliverOne, 10, observer, "");
    // Both taken at once by two workers; the duplicate must not start while the original runs.
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(["start a-1"]);
    release();
    await running;
    expect(events).toEqual(["start a-1", "end a-1", "start a-1", "end a-1"]);
  });

  it("waits a drawn 0..jitter ms before each delivery, the same draws for the same seed", async () => {
    const plan = planMessy(6, options({ fraction: 0.5, jitterMs: 250, seed: 11 }));
    const first: number[] = [];
    const second: number[] = [];
    await run(plan, 1, first);
    await run(plan, 1, second);
    expect(first).toHaveLength(9);
    expect(second).toEqual(first);
    for (const ms of first) {
      expect(Number.isInteger(ms)).toBe(true);
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(250);
    }
    expect(new Set(first).size).toBeGreaterThan(1);
  });
});

describe("messyRun and Ctrl-C", () => {
  it("cuts the jitter's waits short once the run is stopped", async () => {
    const plan = planMessy(3, options({ jitterMs: 600_000, seed: 2 }));
    const stop = new AbortController();
    const schedule = { factories: [factory("a")], count: 3, batch: 1 };
    const started: string[] = [];
    const messy = messyRun(
      plan,
      schedule,
      async (notification) => {
        started.push(notification.id);
        return {
          event: "a",
          id: notification.id,
          ok: true,
          status: 200,
          durationMs: 0,
          attempts: 1,
          error: null,
        };
      },
      { now: () => 0, signal: stop.signal },
    );
    const observer: SendObserver = { start: () => {}, result: () => {}, end: async () => {} };
    const running = runConcurrently(messy.source, messy.deliverOne, 2, observer, "", stop.signal);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([]);
    stop.abort("SIGINT");
    // The two taken are sent at once; the third is never taken.
    const summary = await running;
    expect(started).toEqual(["a-1", "a-2"]);
    expect(summary.testsRun).toBe(2);
  });
});
