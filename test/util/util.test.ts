import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { lowerCaseHeaders } from "../../src/util/headers.js";
import { parseHeaderFlag, parseHeaderFlags, parseIntFlag } from "../../src/util/input.js";
import { maskSecret, redact, redactUrl } from "../../src/util/secrets.js";
import { safeEqual } from "../../src/util/crypto.js";

describe("maskSecret", () => {
  it("keeps the prefix and a few characters of a long secret, never the whole of it", () => {
    expect(maskSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toBe("whsec_Mf…aSw");
    expect(maskSecret("0307e264-b33a-4913-88aa-37b10014a0b8")).toBe("03…0b8");
    // 24..31 characters: 2 + 2 shown, at least 20 hidden.
    expect(maskSecret("a-plain-secret-value-0123")).toBe("a-…23");
  });

  it("shows nothing of a secret under 24 characters but its known prefix", () => {
    for (const secret of ["abcdefg", "abcdefghij", "abcdefghijklmno", "a".repeat(23)]) {
      expect(maskSecret(secret)).toBe("••••");
    }
    expect(maskSecret("shpss_profile")).toBe("shpss_••••");
    expect(maskSecret("sk_test_51Habc")).toBe("sk_test_••••");
    expect(maskSecret("abc")).toBe("••••");
    expect(maskSecret("")).toBe("(empty)");
  });

  it("redacts secrets inside a text, percent-encoded too, the longest first", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La+aS/";
    expect(redact(`bad key ${secret}!`, [secret])).toBe("bad key whsec_Mf…aS/!");
    const lower = encodeURIComponent(secret).replace(/%2B|%2F/g, (hex) => hex.toLowerCase());
    const query = `/q?k=${encodeURIComponent(secret)}&l=${lower}`;
    expect(redact(query, [secret])).toBe("/q?k=whsec_Mf…aS/&l=whsec_Mf…aS/");
    expect(redact("key=abcdefghij-and-more", ["abcdefghij", "abcdefghij-and-more"])).toBe(
      "key=••••",
    );
  });

  it("hides the password of a URL, known or not", () => {
    expect(redactUrl("https://u:pw@example.com/x?k=abcdefghij", ["abcdefghij"])).toBe(
      "https://u:••••@example.com/x?k=••••",
    );
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
