import type { EventFactory } from "./samples.js";
import type { Notification } from "./types.js";

export interface Schedule {
  factories: readonly EventFactory[];
  /** `--count`: notifications (or batches) per event, each with fresh ids. */
  count: number;
  /** `--batch`: objects per batch, for the events that batch. */
  batch: number;
}

function chunks(factory: EventFactory, batch: number): number[] {
  if (!factory.batch) return [0];
  const max = factory.batch.max ?? batch;
  const out: number[] = [];
  for (let left = batch; left > 0; left -= max) out.push(Math.min(left, max));
  return out;
}

/** How many notifications (tests) a schedule makes, known before the first is sent. */
export function countNotifications(schedule: Schedule): number {
  let total = 0;
  for (const factory of schedule.factories) {
    total += chunks(factory, schedule.batch).length * schedule.count;
  }
  return total;
}

/**
 * The notifications, made one at a time as the sender asks for them: a run of 200 000 never holds
 * more than the requests in flight.
 */
export function* notifications(
  schedule: Schedule,
  now: () => number = Date.now,
): Generator<Notification, void, undefined> {
  for (const slot of slots(schedule)) yield slot.factory.build(now(), slot.seq, slot.items);
}

/** One notification still to be made: which event, its number, how many objects it batches. */
export interface Slot {
  factory: EventFactory;
  seq: number;
  items: number;
}

/** The notifications of a schedule in order, not yet made (src/sender/messy-run.ts reorders them). */
export function* slots(schedule: Schedule): Generator<Slot, void, undefined> {
  let seq = 0;
  for (const factory of schedule.factories) {
    const sizes = chunks(factory, schedule.batch);
    for (let repeat = 0; repeat < schedule.count; repeat += 1) {
      for (const items of sizes) {
        seq += 1;
        yield { factory, seq, items };
      }
    }
  }
}
