import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { lowerCaseHeaders } from "../../src/util/headers.js";
import { parseHeaderFlag, parseHeaderFlags, parseIntFlag } from "../../src/util/input.js";
import { maskSecret, redact } from "../../src/util/secrets.js";
import { safeEqual } from "../../src/util/crypto.js";

describe("maskSecret", () => {
  it("keeps the prefix and a few characters, never the whole secret", () => {
    expect(maskSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toBe("whsec_Mf…aSw");
    const masked = maskSecret("a-plain-secret-value");
    expect(masked).not.toContain("plain-secret");
    expect(masked.startsWith("a-")).toBe(true);
  });

  it("shows nothing of short secrets", () => {
    expect(maskSecret("abc")).toBe("•••");
    expect(maskSecret("")).toBe("(empty)");
  });

  it("redacts secrets inside a text", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    expect(redact(`bad key ${secret}!`, [secret])).toBe("bad key whsec_Mf…aSw!");
  });
});

describe("header flags", () => {
  it("parses Name: value, lower-casing the name and keeping colons in the value", () => {
    expect(parseHeaderFlag("Stripe-Signature: t=1,v1=ab:cd")).toEqual([
      "stripe-signature",
      "t=1,v1=ab:cd",
    ]);
    expect(parseHeaderFlags(["A: 1", "b:2"])).toEqual({ a: "1", b: "2" });
  });

  it.each(["no colon here", ": value", "bad name: x"])("rejects %j as a usage error", (flag) => {
    expect(() => parseHeaderFlag(flag)).toThrow(UsageError);
  });

  it("joins repeated node header values", () => {
    expect(lowerCaseHeaders({ "X-A": ["1", "2"], "X-B": "3", "X-C": undefined })).toEqual({
      "x-a": "1, 2",
      "x-b": "3",
    });
  });
});

describe("parseIntFlag", () => {
  it("accepts integers in range and names the flag otherwise", () => {
    expect(parseIntFlag("--now", "1614265330")).toBe(1614265330);
    expect(() => parseIntFlag("--now", "soon")).toThrow(/--now "soon"/);
    expect(() => parseIntFlag("--port", "70000", { min: 0, max: 65535 })).toThrow(/0\.\.65535/);
  });
});

describe("safeEqual", () => {
  it("compares by value and treats length mismatches as unequal", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});
