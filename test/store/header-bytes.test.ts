import { describe, expect, it } from "vitest";
import { storedHeaders, wireHeaders } from "../../src/store/header-bytes.js";

describe("storedHeaders / wireHeaders", () => {
  it("keeps ASCII headers as they are, the same object", () => {
    const wire = { "content-type": "application/json" };
    expect(storedHeaders(wire)).toEqual({ headers: wire });
    expect(storedHeaders(wire).headers).toBe(wire);
  });

  it("stores UTF-8 as text and other bytes as base64, and gives the bytes back", () => {
    const wire = {
      a: "ok",
      name: Buffer.from("café", "utf8").toString("latin1"),
      raw: "\u00ff\u00fe",
    };
    const stored = storedHeaders(wire);
    expect(stored).toEqual({
      headers: { a: "ok", name: "café", raw: "//4=" },
      headerEncodings: { name: "utf8", raw: "base64" },
    });
    expect(wireHeaders(stored as { headers: Record<string, string> })).toEqual(wire);
  });

  it("reads a record from before headerEncodings as one character per byte", () => {
    expect(wireHeaders({ headers: { name: "cafÃ©" } })).toEqual({ name: "cafÃ©" });
  });
});
