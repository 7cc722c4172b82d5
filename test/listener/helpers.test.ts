import { describe, expect, it } from "vitest";
import { DuplicateIndex } from "../../src/listener/duplicate-index.js";
import { endToEndHeaders, forwardUrl } from "../../src/listener/forward.js";
import { parseSize } from "../../src/listener/listen-options.js";
import { formatLocalUrl, requestUrl } from "../../src/listener/request-url.js";

describe("DuplicateIndex", () => {
  it("remembers first sightings and forgets the least recently seen past its capacity", () => {
    const index = new DuplicateIndex(3);
    expect(index.check("a", "r1")).toBeUndefined();
    expect(index.check("b", "r2")).toBeUndefined();
    expect(index.check("c", "r3")).toBeUndefined();
    expect(index.check("a", "r4")).toBe("r1"); // a is now the most recent
    expect(index.check("d", "r5")).toBeUndefined(); // evicts b
    expect(index.size).toBe(3);
    expect(index.check("b", "r6")).toBeUndefined();
    expect(index.check("a", "r7")).toBe("r1");
  });

  it("stays bounded over many ids", () => {
    const index = new DuplicateIndex(100);
    for (let i = 0; i < 10_000; i += 1) index.check(`k${i}`, `r${i}`);
    expect(index.size).toBe(100);
  });
});

describe("forwarding helpers", () => {
  it("drops hop-by-hop headers and those Connection names", () => {
    expect(
      endToEndHeaders({
        host: "x",
        connection: "keep-alive, x-private",
        "keep-alive": "timeout=5",
        "x-private": "p",
        "transfer-encoding": "chunked",
        "content-length": "3",
        "x-hub-signature-256": "sha256=ab",
      }),
    ).toEqual({ "x-hub-signature-256": "sha256=ab" });
  });

  it("sends to the --forward-to path, or the request's own path for a bare origin, query kept", () => {
    expect(forwardUrl("http://localhost:3000/webhooks", "/in?x=1")).toBe(
      "http://localhost:3000/webhooks?x=1",
    );
    expect(forwardUrl("http://localhost:3000", "/in/deep?x=1")).toBe(
      "http://localhost:3000/in/deep?x=1",
    );
    expect(forwardUrl("http://localhost:3000/w?k=v", "/in?x=1")).toBe(
      "http://localhost:3000/w?k=v&x=1",
    );
  });

  it("parses sizes in binary units", () => {
    expect(parseSize("--max-body", "25MiB")).toBe(25 * 1024 * 1024);
    expect(parseSize("--max-body", "512k")).toBe(512 * 1024);
    expect(parseSize("--max-body", "100")).toBe(100);
    expect(() => parseSize("--max-body", "lots")).toThrow(/--max-body/);
  });
});

describe("requestUrl", () => {
  it("uses the public URL for proxied requests and the Host header for direct ones", () => {
    const local = "http://127.0.0.1:4665";
    const pub = "https://a.trycloudflare.com/";
    expect(requestUrl({ host: "localhost:4665", "cf-ray": "1" }, "/x?y=1", local, pub)).toBe(
      "https://a.trycloudflare.com/x?y=1",
    );
    expect(requestUrl({ host: "localhost:4665" }, "/x", local, pub)).toBe(
      "http://localhost:4665/x",
    );
    expect(requestUrl({ "x-forwarded-for": "1.2.3.4" }, "/x", local, null)).toBe(
      "http://127.0.0.1:4665/x",
    );
    expect(formatLocalUrl("::1", 80)).toBe("http://[::1]:80");
  });
});
