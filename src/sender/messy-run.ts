import { seededRandom, type MessyPlan } from "./messy.js";
import { slots, type Schedule } from "./notifications.js";
import type { Notification, TestResult } from "./types.js";

type DeliverOne = (notification: Notification) => Promise<TestResult>;

export interface MessyDependencies {
  now: () => number;
  /** Stops the jitter's waits early (Ctrl-C): what was taken is then sent at once. */
  signal?: AbortSignal | undefined;
  /** The jitter's wait; tests pass a recorder. */
  wait?: (ms: number) => Promise<void>;
}

/** The original's id and the end of its delivery, which a duplicate waits for. */
interface Original {
  id: string;
  delivered: Promise<void>;
  done: () => void;
}

/**
 * Runs a messy plan through the engine: a lazy source in the plan's order, and a delivery that
 * holds a duplicate until its original's delivery has ended (answered, failed or timed out, as
 * a real redelivery follows the first attempt), waits the jitter, and marks the result.
 *
 * A duplicate is the original notification again: the same body, headers and event id. deliver()
 * signs at send time, so it goes out with a fresh timestamp and signature where the scheme signs
 * one (Stripe's t, Standard Webhooks' webhook-timestamp, Slack's; Square signs none), as the
 * providers' own redeliveries do. It carries no retry headers: a receiver must de-duplicate on the
 * event id, which is what every provider here says to do.
 */
export function messyRun(
  plan: MessyPlan,
  schedule: Schedule,
  deliverOne: DeliverOne,
  deps: MessyDependencies,
): { source: Iterator<Notification>; deliverOne: DeliverOne } {
  const places = [...slots(schedule)];
  const waiting = new Map<number, { notification: Notification; original: Original }>();
  const originals = new WeakMap<Notification, Original>();
  const duplicates = new WeakMap<Notification, Original>();
  const twice = placesListedTwice(plan, places.length);

  function* source(): Generator<Notification, void, undefined> {
    for (const place of plan.order) {
      const held = waiting.get(place);
      if (held) {
        waiting.delete(place);
        const copy: Notification = { ...held.notification };
        duplicates.set(copy, held.original);
        yield copy;
        continue;
      }
      const slot = places[place] as (typeof places)[number];
      const notification = slot.factory.build(deps.now(), slot.seq, slot.items);
      if (twice[place] === 1) {
        const original = pending(notification.id);
        originals.set(notification, original);
        waiting.set(place, { notification, original });
      }
      yield notification;
    }
  }

  // Its own stream, so that adding --jitter leaves the order a seed gives unchanged.
  const random = seededRandom(plan.options.seed ^ 0x9e3779b9);
  const wait = deps.wait ?? stoppableWaits(deps.signal);
  return {
    source: source(),
    async deliverOne(notification) {
      // Drawn as the delivery is taken, before any wait, so the n-th delivery of a seeded run
      // always gets the n-th delay, whatever the timing of the others.
      const jitter = plan.options.jitterMs;
      const delay = jitter > 0 ? Math.floor(random() * (jitter + 1)) : 0;
      const duplicateOf = duplicates.get(notification);
      if (duplicateOf) await duplicateOf.delivered;
      if (delay > 0) await wait(delay);
      try {
        const result = await deliverOne(notification);
        return duplicateOf ? { ...result, duplicateOf: duplicateOf.id } : result;
      } finally {
        originals.get(notification)?.done();
      }
    },
  };
}

function placesListedTwice(plan: MessyPlan, count: number): Uint8Array {
  const seen = new Uint8Array(count);
  const twice = new Uint8Array(count);
  for (const place of plan.order) {
    if (seen[place] === 1) twice[place] = 1;
    seen[place] = 1;
  }
  return twice;
}

function pending(id: string): Original {
  let done = (): void => undefined;
  const delivered = new Promise<void>((resolve) => (done = resolve));
  return { id, delivered, done };
}

/**
 * Jitter waits that Ctrl-C cuts short, so the run ends as soon as what is in flight does. One
 * abort listener for the whole run: one per wait would pile up (hundreds at --concurrency 100).
 */
function stoppableWaits(signal: AbortSignal | undefined): (ms: number) => Promise<void> {
  const pending = new Map<NodeJS.Timeout, () => void>();
  signal?.addEventListener(
    "abort",
    () => {
      for (const [timer, resolve] of pending) {
        clearTimeout(timer);
        resolve();
      }
      pending.clear();
    },
    { once: true },
  );
  return (ms) =>
    ms === 0 || signal?.aborted
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(() => (pending.delete(timer), resolve()), ms);
          pending.set(timer, resolve);
        });
}
