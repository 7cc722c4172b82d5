import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import {
  checkRequest,
  isLocalHost,
  isLocalOrigin,
  tokenMatches,
} from "../../src/inspector/request-guard.js";

function req(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe("the inspector's request guard", () => {
  it("accepts only this machine's names in Host, with any port", () => {
    for (const host of [
      "localhost",
      "localhost:4666",
      "127.0.0.1:4666",
      "[::1]:4666",
      "LOCALHOST:1",
    ]) {
      expect(isLocalHost(host), host).toBe(true);
    }
    for (const host of [
      undefined,
      "",
      "evil.example",
      "evil.example:4666",
      "localhost.evil.example",
      "127.0.0.1.nip.io:4666",
      "127.0.0.2:4666",
      "[::2]:4666",
      "localhost:4666:1",
    ]) {
      expect(isLocalHost(host), String(host)).toBe(false);
    }
  });

  it("accepts no Origin (curl) or a local http one, and refuses every other", () => {
    expect(isLocalOrigin(undefined)).toBe(true);
    expect(isLocalOrigin("http://127.0.0.1:4666")).toBe(true);
    expect(isLocalOrigin("http://localhost:4666")).toBe(true);
    expect(isLocalOrigin("https://evil.example")).toBe(false);
    expect(isLocalOrigin("null")).toBe(false);
    expect(isLocalOrigin("http://evil.example:4666")).toBe(false);
  });

  it("compares tokens exactly", () => {
    expect(tokenMatches("abc", "abc")).toBe(true);
    expect(tokenMatches("abd", "abc")).toBe(false);
    expect(tokenMatches("ab", "abc")).toBe(false);
    expect(tokenMatches(undefined, "abc")).toBe(false);
  });

  it("lets the page through without a token, but no API call without one", () => {
    const page = new URL("http://localhost/");
    const api = new URL("http://localhost/api/history");
    expect(checkRequest(req({ host: "localhost:4666" }), page, "t0k")).toEqual({ ok: true });
    expect(checkRequest(req({ host: "evil.example" }), page, "t0k").ok).toBe(false);
    expect(checkRequest(req({ host: "localhost" }), api, "t0k").ok).toBe(false);
    expect(checkRequest(req({ host: "localhost", "x-hooks-token": "t0k" }), api, "t0k")).toEqual({
      ok: true,
    });
    const query = new URL("http://localhost/api/stream?token=t0k");
    expect(checkRequest(req({ host: "localhost" }), query, "t0k")).toEqual({ ok: true });
    const crossSite = req({
      host: "localhost",
      "x-hooks-token": "t0k",
      origin: "https://evil.example",
    });
    expect(checkRequest(crossSite, api, "t0k").ok).toBe(false);
  });
});
