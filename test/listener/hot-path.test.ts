import { describe, expect, it } from "vitest";
import { isoTime } from "../../src/listener/build-arrival.js";
import { DuplicateIndex } from "../../src/listener/duplicate-index.js";
import { newRequestId } from "../../src/listener/request-id.js";
import { lineHoldsSecret } from "../../src/store/redact-record.js";

// The listener's per-request shortcuts must give exactly what the plain code gave.

describe("isoTime", () => {
  it("is toISOString for every millisecond, across seconds, years and the epoch", () => {
    const starts = [0, -1500, 1_700_000_000_000, Date.UTC(2023, 11, 31, 23, 59, 59, 990)];
    for (const start of starts) {
      for (let ms = start; ms < start + 2_100; ms += 7) {
        expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }
    }
    // Years Date writes with six digits and a sign.
    for (const ms of [253_402_300_800_000, -62_198_755_200_001, 253_402_300_800_123]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });
});

describe("newRequestId", () => {
  it("is req_, the time in base 36, then six base-36 digits", () => {
    const now = 1_700_000_000_123;
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i += 1) {
      const id = newRequestId(now);
      expect(id).toMatch(new RegExp(`^req_${now.toString(36)}[0-9a-z]{6}$`));
      seen.add(id);
    }
    // 36^6 values: 2,000 draws hardly ever repeat.
    expect(seen.size).toBeGreaterThan(1_990);
  });
});

describe("DuplicateIndex, a key seen again and again", () => {
  it("keeps the first request's id and stays the most recent", () => {
    const index = new DuplicateIndex(2);
    expect(index.check("a", "r1")).toBeUndefined();
    expect(index.check("a", "r2")).toBe("r1");
    expect(index.check("a", "r3")).toBe("r1");
    expect(index.check("b", "r4")).toBeUndefined();
    expect(index.check("a", "r5")).toBe("r1"); // moved after b
    expect(index.check("c", "r6")).toBeUndefined(); // evicts b, not a
    expect(index.check("a", "r7")).toBe("r1");
    expect(index.check("b", "r8")).toBeUndefined();
  });
});

describe("lineHoldsSecret", () => {
  it("sees a secret added to the same list later (--register finds one while listening)", () => {
    const secrets: string[] = ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"];
    const line = JSON.stringify({ body: "token=sk_test_abcdefghijklmnopqrstuvwxyz0123" });
    expect(lineHoldsSecret(line, secrets)).toBe(false);
    secrets.push("sk_test_abcdefghijklmnopqrstuvwxyz0123");
    expect(lineHoldsSecret(line, secrets)).toBe(true);
    secrets[1] = "sk_test_zzzzzzzzzzzzzzzzzzzzzzzzzzzz0123";
    expect(lineHoldsSecret(line, secrets)).toBe(false);
  });

  it("finds a secret as JSON escapes it, and percent-encoded", () => {
    const secret = 'pa"ss/wo+rd\\secret';
    expect(lineHoldsSecret(JSON.stringify({ body: `x${secret}y` }), [secret])).toBe(true);
    const encoded = encodeURIComponent(secret);
    expect(lineHoldsSecret(JSON.stringify({ path: `/?k=${encoded}` }), [secret])).toBe(true);
    expect(lineHoldsSecret(JSON.stringify({ path: "/?k=other" }), [secret])).toBe(false);
  });
});
