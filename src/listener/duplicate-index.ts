import { createHash } from "node:crypto";

/**
 * Keys up to this length are kept as they are; longer ones (an event id is whatever the sender
 * put in its body or headers) are kept as a SHA-256 digest, so that an entry costs at most about
 * this much whatever arrives.
 */
export const MAX_KEPT_KEY = 64;

/**
 * Remembers which request first carried each event id, for the most recent `capacity` ids only,
 * so that memory stays flat however long the listener runs (a Map keeps insertion order, which
 * makes it a least-recently-used list: a hit is moved to the end, the oldest key goes first).
 */
export class DuplicateIndex {
  private readonly seen = new Map<string, string>();
  /** The key set or moved last: a hit on it is at the end already (a burst of one redelivery). */
  private newest: string | undefined;

  constructor(private readonly capacity = 10_000) {}

  /** Records `key` as seen in `requestId`; returns the first request's id if it was seen before. */
  check(key: string, requestId: string): string | undefined {
    const kept = keptKey(key);
    const first = this.seen.get(kept);
    if (first !== undefined) {
      if (kept !== this.newest) {
        this.seen.delete(kept);
        this.seen.set(kept, first);
        this.newest = kept;
      }
      return first;
    }
    this.seen.set(kept, requestId);
    this.newest = kept;
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    return undefined;
  }

  get size(): number {
    return this.seen.size;
  }
}

/**
 * The key of a request that carries no event id: its body, where it was sent and how. A provider
 * without ids redelivers the same body to the same URL; the same body elsewhere (`{}` to two
 * paths, a health check and a webhook) is another request. The path's length goes first, so no
 * path and body can pass for another pair.
 */
export function bodyKey(method: string, path: string, body: Buffer): string {
  const digest = createHash("sha256")
    .update(`${method} ${path.length}:${path}\n`)
    .update(body)
    .digest("base64");
  return `body:${digest}`;
}

/** Keys are `<kind>:<value>`, so a digest (`#` and 44 base64 characters) never equals a short one. */
function keptKey(key: string): string {
  if (key.length <= MAX_KEPT_KEY) return key;
  return `#${createHash("sha256").update(key).digest("base64")}`;
}
