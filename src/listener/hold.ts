import { setTimeout as sleep } from "node:timers/promises";
import { recordBody, type RequestRecord } from "../store/event-store-record.js";
import { wireHeaders } from "../store/header-bytes.js";
import type { HeaderMap } from "../util/headers.js";
import type { Answer } from "./answer.js";
import type { Listener } from "./listener.js";
import {
  answeredTooLarge,
  describeForwardError,
  forwardFailureStatus,
  type Forwarder,
} from "./forward.js";
import { EventStore } from "../store/event-store.js";
import { answered, failedForwards, redeliveriesPath, type RedeliveryLine } from "./hold-state.js";

/** Waits before the next probe of a target that is down: doubled each time, up to the cap. */
export const HOLD_FIRST_DELAY_MS = 500;
export const HOLD_MAX_DELAY_MS = 30_000;

/** One redelivery the app answered (below 500): the `redelivery` line of `listen --json`. */
export interface Redelivery {
  type: "redelivery";
  id: string;
  status: number;
  url: string;
  durationMs: number;
  /** Tries it took, this run. */
  attempts: number;
  /** Still held after it. */
  pending: number;
}

/** What answer.ts asks when `--hold` is on: how to answer a request bound for `url`. */
export interface HoldGate {
  answer(
    url: string,
    request: { method: string; headers: HeaderMap; body: Buffer },
  ): Promise<Answer>;
}

export interface HoldOptions {
  forwarder: Forwarder;
  /** Where each outcome goes (`<store>.redeliveries`, src/listener/hold-state.ts). */
  outcomes: { write(line: string): Promise<void> };
  onRedelivery: (redelivery: Redelivery) => void;
  /**
   * `--resign`: the headers a redelivery goes with, signed afresh (a request held past a
   * provider's tolerance would be refused with its first signature); undefined keeps them as
   * they came.
   */
  resign?: ((record: RequestRecord) => HeaderMap | undefined) | undefined;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Injected for tests. */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  clock?: () => number;
}

/**
 * `hooks listen --hold`: while the app is down (refused, reset, timed out) or answers 5xx, the
 * sender is answered 202 and the request, stored with `hold: pending`, waits here. Once the
 * app answers, the held requests are redelivered oldest first; a request arriving while older
 * ones wait is held behind them without trying the app, so that the app sees them in order.
 *
 * Each probe sends one request, the oldest: a target still down costs one attempt per probe,
 * never a burst of the whole queue. Probes back off exponentially, capped; there is no last
 * attempt, since what is still held on exit stays pending in the store (`events replay --failed`,
 * or the next `listen --hold`).
 */
export class Hold implements HoldGate {
  private readonly queue: { record: RequestRecord; attempts: number }[] = [];
  /** Answered 202, not yet stored: they count as queued, so later arrivals wait behind them. */
  private reserved = 0;
  private pumping: Promise<void> | undefined;
  private readonly stopped = new AbortController();

  constructor(private readonly options: HoldOptions) {}

  get pending(): number {
    return this.queue.length + this.reserved;
  }

  async answer(
    url: string,
    request: { method: string; headers: HeaderMap; body: Buffer },
  ): Promise<Answer> {
    if (this.pending > 0) {
      const reason = `${this.pending} older request(s) are held`;
      return this.held({ url, durationMs: 0, error: `not sent: ${reason}` }, reason);
    }
    const started = performance.now();
    const took = (): number => Math.round(performance.now() - started);
    try {
      const response = await this.options.forwarder.send(url, request);
      const forward = { url, status: response.status, durationMs: took() };
      if (answered(response.status)) {
        return { status: response.status, headers: response.headers, body: response.body, forward };
      }
      return this.held(forward, `the app answered ${response.status}`);
    } catch (error) {
      const message = describeForwardError(url, error);
      const forward = { url, durationMs: took(), error: message };
      if (answeredTooLarge(error)) {
        const headers = { "content-type": "text/plain" };
        return {
          status: forwardFailureStatus(error),
          headers,
          body: `hooks: ${message}\n`,
          forward,
        };
      }
      return this.held(forward, message);
    }
  }

  /** A request was stored (listener `response`): a held one joins the queue, in arrival order. */
  accept(record: RequestRecord): void {
    if (record.hold?.status !== "pending") return;
    this.reserved = Math.max(0, this.reserved - 1);
    this.enqueue(record);
  }

  /** A held request the store could not keep was answered 500 instead: its sender retries it. */
  dropped(record: RequestRecord): void {
    if (record.hold?.status === "pending") this.reserved = Math.max(0, this.reserved - 1);
  }

  /** Requests an earlier run held and never delivered (src/listener/hold-state.ts). */
  restore(records: readonly RequestRecord[]): void {
    for (const record of records) this.enqueue(record);
  }

  /** Stops probing; an attempt in flight ends when the forwarder closes. Safe twice. */
  stop(): void {
    this.stopped.abort();
  }

  /** Waits for the probe loop to end (after stop() and the forwarder's close). */
  async settled(): Promise<void> {
    this.stop();
    await this.pumping;
  }

  private held(forward: NonNullable<Answer["forward"]>, reason: string): Answer {
    this.reserved += 1;
    return {
      status: 202,
      headers: { "content-type": "text/plain" },
      body: `hooks: held (${reason}); hooks listen --hold redelivers it once your app answers\n`,
      forward,
      hold: { status: "pending", reason },
    };
  }

  private enqueue(record: RequestRecord): void {
    // Concurrent requests can be stored out of order (one timed out, a later one was refused).
    let at = this.queue.length;
    while (at > 0 && (this.queue[at - 1]?.record.receivedAt ?? "") > record.receivedAt) at -= 1;
    this.queue.splice(at, 0, { record, attempts: 0 });
    this.pumping ??= this.pump().finally(() => (this.pumping = undefined));
  }

  private async pump(): Promise<void> {
    const first = this.options.firstDelayMs ?? HOLD_FIRST_DELAY_MS;
    const max = this.options.maxDelayMs ?? HOLD_MAX_DELAY_MS;
    const wait = this.options.wait ?? defaultWait;
    let delay = first;
    const signal = this.stopped.signal;
    while (!signal.aborted && this.queue.length > 0) {
      await wait(delay, signal);
      // Drains while the app answers; the first failure backs off.
      while (!signal.aborted && this.queue[0]) {
        const delivered = await this.redeliver(this.queue[0]);
        if (!delivered) break;
        this.queue.shift();
        delay = first;
      }
      delay = Math.min(delay * 2, max);
    }
  }

  private async redeliver(entry: { record: RequestRecord; attempts: number }): Promise<boolean> {
    const { record } = entry;
    const url = record.forward?.url;
    if (url === undefined) return true;
    entry.attempts += 1;
    const started = performance.now();
    let status: number | null = null;
    try {
      const response = await this.options.forwarder.send(url, {
        method: record.method,
        headers: this.options.resign?.(record) ?? wireHeaders(record),
        body: recordBody(record),
      });
      status = response.status;
    } catch {
      // Still down: the next probe tries again.
    }
    // Not answered (an attempt cut off by the session's end included): it stays pending.
    if (status === null || !answered(status)) return false;
    const durationMs = Math.round(performance.now() - started);
    const line: RedeliveryLine = {
      type: "redelivery",
      id: record.id,
      status,
      to: url,
      at: new Date((this.options.clock ?? Date.now)()).toISOString(),
      durationMs,
      by: "listen --hold",
    };
    // Not kept (a full disk): the next run redelivers it again, a duplicate rather than a loss.
    await this.options.outcomes.write(JSON.stringify(line)).catch(() => {});
    this.options.onRedelivery({
      type: "redelivery",
      id: record.id,
      status,
      url,
      durationMs,
      attempts: entry.attempts,
      pending: this.queue.length - 1,
    });
    return true;
  }
}

async function defaultWait(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => {});
}

/** `--hold`: what an earlier run left to redeliver (on start), and what this one leaves (on close). */
export interface HoldStatus {
  type: "hold";
  status: "restored" | "left";
  pending: number;
}

/** A session's hold: the gate, the listener's events it follows, and how to close it. */
export interface OpenedHold {
  hold: Hold;
  attach(listener: Pick<Listener, "on">): void;
  close(): Promise<void>;
}

/**
 * Opens `<store>.redeliveries` and queues what earlier runs left pending (read from the store,
 * src/listener/hold-state.ts), before the listener takes a new request.
 */
export async function openHold(
  store: string,
  options: Omit<HoldOptions, "outcomes"> & { onStatus: (status: HoldStatus) => void },
): Promise<OpenedHold> {
  const outcomes = await EventStore.open(redeliveriesPath(store));
  const hold = new Hold({ ...options, outcomes });
  const notes = { tornLastLine: false, unreadableLines: 0 };
  const earlier = await failedForwards(store, { pendingOnly: true, notes });
  hold.restore(earlier);
  if (earlier.length > 0) {
    options.onStatus({ type: "hold", status: "restored", pending: earlier.length });
  }
  return {
    hold,
    attach(listener) {
      listener.on("response", (record) => hold.accept(record));
      listener.on("store-error", ({ record }) => hold.dropped(record));
    },
    close: async () => {
      await hold.settled();
      await outcomes.close();
      if (hold.pending > 0)
        options.onStatus({ type: "hold", status: "left", pending: hold.pending });
    },
  };
}
