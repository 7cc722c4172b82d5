/**
 * Remembers which request first carried each event id, for the most recent `capacity` ids only,
 * so that memory stays flat however long the listener runs (a Map keeps insertion order, which
 * makes it a least-recently-used list: a hit is moved to the end, the oldest key goes first).
 */
export class DuplicateIndex {
  private readonly seen = new Map<string, string>();

  constructor(private readonly capacity = 10_000) {}

  /** Records `key` as seen in `requestId`; returns the first request's id if it was seen before. */
  check(key: string, requestId: string): string | undefined {
    const first = this.seen.get(key);
    if (first !== undefined) {
      this.seen.delete(key);
      this.seen.set(key, first);
      return first;
    }
    this.seen.set(key, requestId);
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
