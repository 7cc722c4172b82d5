import { randomInt } from "node:crypto";
import { UsageError } from "../errors.js";
import { parseIntFlag } from "../util/input.js";
import type { SendPlan } from "./types.js";

/** `--duplicates`, `--shuffle`, `--jitter`, `--seed` as given (strings, from commander). */
export interface MessyFlags {
  duplicates?: string | undefined;
  shuffle?: boolean | undefined;
  jitter?: string | undefined;
  seed?: string | undefined;
}

export interface MessyOptions {
  /** The fraction of the events sent a second time, 0..1; undefined without --duplicates. */
  fraction: number | undefined;
  shuffle: boolean;
  /** The most a delivery waits before it starts, ms (0: none). */
  jitterMs: number;
  /** Draws the duplicates, the order and the delays: the same seed, the same run. */
  seed: number;
}

/**
 * What a messy run sends, drawn before anything is: `order` lists the notifications (by their
 * place in the plain run) in the order they start; a place listed twice is an event sent twice,
 * and its second appearance is the duplicate.
 */
export interface MessyPlan {
  options: MessyOptions;
  order: Uint32Array;
  /** How many places appear twice: round(fraction × events). */
  duplicates: number;
}

export const MAX_JITTER_MS = 600_000;
const SEED_RANGE = 2 ** 32;

/** The messy-delivery flags, checked; undefined when none is given (a plain run). */
export function parseMessyFlags(flags: MessyFlags): MessyOptions | undefined {
  const { duplicates, shuffle, jitter, seed } = flags;
  if (duplicates === undefined && !shuffle && jitter === undefined) {
    if (seed !== undefined) {
      throw new UsageError("--seed draws what --duplicates, --shuffle and --jitter pick: add one");
    }
    return undefined;
  }
  return {
    fraction: duplicates === undefined ? undefined : parseFraction(duplicates),
    shuffle: Boolean(shuffle),
    jitterMs: jitter === undefined ? 0 : parseIntFlag("--jitter", jitter, { max: MAX_JITTER_MS }),
    seed:
      seed === undefined
        ? randomInt(0, SEED_RANGE)
        : parseIntFlag("--seed", seed, { max: SEED_RANGE - 1 }),
  };
}

function parseFraction(text: string): number {
  // Number("") is 0 and Number("0x1") is 1: only a decimal such as 0, 1, 0.25 or .5 is a fraction.
  const value = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= 1)) {
    throw new UsageError(
      `invalid --duplicates "${text}": expected a fraction of the events from 0 to 1 (0.25 re-sends a quarter)`,
    );
  }
  return value;
}

/**
 * How many of `events` are sent twice. Rounded to the nearest, halves up (0.5 of 3 events is 2),
 * so a fraction too small for the run (0.1 of 4) sends none, and says so in the report.
 */
export function duplicateCount(fraction: number, events: number): number {
  return Math.round(fraction * events);
}

/**
 * Draws a messy run of `events` notifications. Without --shuffle each duplicate comes right
 * after its original; with it every order is equally likely in which a duplicate comes after its
 * original (shuffling the places with the duplicated ones listed twice, then reading the first of
 * each pair as the original, gives exactly that).
 */
export function planMessy(events: number, options: MessyOptions): MessyPlan {
  const random = seededRandom(options.seed);
  const duplicates = options.fraction === undefined ? 0 : duplicateCount(options.fraction, events);
  const twice = new Uint8Array(events);
  for (const place of pick(events, duplicates, random)) twice[place] = 1;
  const order = new Uint32Array(events + duplicates);
  let at = 0;
  for (let place = 0; place < events; place += 1) {
    order[at++] = place;
    if (twice[place] === 1) order[at++] = place;
  }
  if (options.shuffle) shuffleInPlace(order, random);
  return { options, order, duplicates };
}

/** `count` distinct places out of `events`, uniformly (a partial Fisher-Yates shuffle). */
function pick(events: number, count: number, random: () => number): Uint32Array {
  const places = Uint32Array.from({ length: events }, (_, i) => i);
  for (let i = 0; i < count; i += 1) swap(places, i, i + Math.floor(random() * (events - i)));
  return places.subarray(0, count);
}

function shuffleInPlace(items: Uint32Array, random: () => number): void {
  for (let i = items.length - 1; i > 0; i -= 1) swap(items, i, Math.floor(random() * (i + 1)));
}

function swap(items: Uint32Array, i: number, j: number): void {
  const kept = items[i] as number;
  items[i] = items[j] as number;
  items[j] = kept;
}

/**
 * A small seeded generator (mulberry32) returning floats in [0, 1): reproducible from a 32-bit
 * seed on every platform, which Math.random is not. Fine for test orders, never for secrets.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Puts a drawn plan on a prepared run: its duplicates count in the total the banner announces. */
export function withMessy(prepared: { plan: SendPlan; messy?: MessyPlan }, messy: MessyPlan): void {
  const { options, duplicates } = messy;
  prepared.messy = messy;
  prepared.plan.total += duplicates;
  prepared.plan.messy = {
    duplicates: options.fraction === undefined ? undefined : duplicates,
    shuffle: options.shuffle,
    jitterMs: options.jitterMs,
    seed: options.seed,
  };
}
