import { describe, expect, it } from "vitest";
import { Deadlines, Timed } from "../../src/http/deadline.js";

class Probe extends Timed {
  expiredAt: number | undefined;
  constructor(private readonly started = performance.now()) {
    super();
  }
  expire(): void {
    this.expiredAt = performance.now() - this.started;
  }
}

const until = (check: () => boolean): Promise<void> =>
  new Promise((resolve) => {
    const poll = (): void => (check() ? resolve() : void setTimeout(poll, 5));
    poll();
  });

describe("Deadlines", () => {
  it("expires each request at its own limit with one timer, and never a cleared one", async () => {
    const deadlines = new Deadlines(60);
    const first = new Probe();
    deadlines.start(first);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const cleared = new Probe();
    const second = new Probe();
    deadlines.start(cleared);
    deadlines.start(second);
    deadlines.clear(cleared);
    await until(() => second.expiredAt !== undefined);
    expect(first.expiredAt).toBeGreaterThanOrEqual(59);
    expect(second.expiredAt).toBeGreaterThanOrEqual(59);
    expect(second.expiredAt).toBeLessThan(200);
    expect(cleared.expiredAt).toBeUndefined();
  });

  it("starts again after the list ran empty", async () => {
    const deadlines = new Deadlines(20);
    const a = new Probe();
    deadlines.start(a);
    await until(() => a.expiredAt !== undefined);
    const b = new Probe();
    deadlines.start(b);
    await until(() => b.expiredAt !== undefined);
    expect(b.expiredAt).toBeGreaterThanOrEqual(19);
  });
});
