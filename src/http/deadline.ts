/** The code of the error a request gets when its deadline passes (src/http/exchange.ts). */
export const TIMED_OUT_CODE = "HOOKS_TIMEOUT";

/** A request that outlived its deadline; `message` says how far it got. */
export class DeadlineError extends Error {
  readonly code = TIMED_OUT_CODE;
  constructor(message: string) {
    super(message);
    this.name = "DeadlineError";
  }
}

/**
 * One request's clock: a request handler extends it (one object per request, no closures), and
 * `expire()` runs once its limit has passed unless `Deadlines.clear()` came first.
 */
export abstract class Timed {
  /** Kept by Deadlines: when it expires, and its place in the list. */
  at = 0;
  prev: Timed | undefined;
  next: Timed | undefined;
  queued = false;
  abstract expire(): void;
}

/**
 * Deadlines for requests that all get the same limit (`hooks send`'s delivery limit, the
 * forward timeout). With one limit, deadlines fall in the order the requests started, so they
 * are kept in a list in that order and timed by one timer set for the oldest: starting or
 * finishing a request is a few pointer moves, not a timer of its own (a send run makes tens of
 * thousands). The timer does not keep the process alive: a request in flight has a socket that
 * does.
 */
export class Deadlines {
  private head: Timed | undefined;
  private tail: Timed | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly limitMs: number) {}

  /** Starts the clock of one request. */
  start(entry: Timed): void {
    entry.at = performance.now() + this.limitMs;
    entry.prev = this.tail;
    entry.next = undefined;
    entry.queued = true;
    if (this.tail) this.tail.next = entry;
    else this.head = entry;
    this.tail = entry;
    // A later deadline than the pending timer's needs nothing: the timer re-arms for it.
    if (this.timer === undefined) this.arm(entry.at);
  }

  /** The request ended (answered or failed) before its deadline: forget it. */
  clear(entry: Timed): void {
    if (!entry.queued) return;
    entry.queued = false;
    if (entry.prev) entry.prev.next = entry.next;
    else this.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.tail = entry.prev;
    entry.prev = undefined;
    entry.next = undefined;
  }

  private arm(at: number): void {
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - performance.now()));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    // Timers run on a millisecond clock and may fire a fraction of a millisecond early.
    const now = performance.now() + 1;
    for (let entry = this.head; entry && entry.at <= now; entry = this.head) {
      this.clear(entry);
      entry.expire();
    }
    if (this.head) this.arm(this.head.at);
  }
}
