import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { parseUserUrl } from "../../src/util/url.js";

describe("parseUserUrl: the one rule for every URL a user types", () => {
  it("reads a bare port as http://localhost:<port>", () => {
    expect(parseUserUrl("3000", "--forward-to")).toBe("http://localhost:3000");
    expect(parseUserUrl(" 8080 ", "--to")).toBe("http://localhost:8080");
  });

  it("reads :<port>[/path] as http://localhost:<port>[/path], as forward rules are typed", () => {
    expect(parseUserUrl(":4000", "--forward-to")).toBe("http://localhost:4000");
    expect(parseUserUrl(":4000/github?x=1", "--forward-to")).toBe(
      "http://localhost:4000/github?x=1",
    );
  });

  it("assumes http for host:port[/path] and host/path", () => {
    expect(parseUserUrl("localhost:3000/webhooks", "--forward-to")).toBe(
      "http://localhost:3000/webhooks",
    );
    expect(parseUserUrl("localhost:3000", "--url")).toBe("http://localhost:3000");
    expect(parseUserUrl("example.com/hooks?x=1", "HOOKS_URL")).toBe("http://example.com/hooks?x=1");
    expect(parseUserUrl("[::1]:3000/w", "--to")).toBe("http://[::1]:3000/w");
  });

  it("keeps a full http(s) URL exactly as typed (Square signs the URL itself)", () => {
    for (const url of [
      "https://App.example:443/sq",
      "http://localhost:3000",
      "https://a.example/",
      "HTTPS://a.example/x",
      "http://user:pw@host:8080/p",
    ]) {
      expect(parseUserUrl(url, "--url")).toBe(url);
    }
  });

  it.each([
    ["ftp://x", /ftp:\/\/ is not http:\/\/ or https:\/\//],
    ["localhost:", /the port after the colon is missing/],
    ["http://localhost:/x", /the port after the colon is missing/],
    ["localhost:abc", /port "abc" is not a number/],
    ["70000", /port 70000 is out of range 1\.\.65535/],
    ["0", /port 0 is out of range/],
    ["localhost:99999/x", /port 99999 is out of range/],
    ["local host:3000", /contains a space/],
    ["", /empty/],
    ["http://", /the host is missing/],
    [":", /the port after the colon is missing/],
    [":70000", /port 70000 is out of range/],
    [":30x0", /port "30x0" is not a number/],
    ["http:/localhost", /two slashes/],
    ["%%%", /not a URL/],
    [
      "square=:3000",
      /"square=" is not a host name; rules such as square=<url> are for --forward-to/,
    ],
    ["http://a=b:3000/x", /"a=b" is not a host name/],
  ])("rejects %j in one line naming the origin and the fix", (value, why) => {
    let error: unknown;
    try {
      parseUserUrl(value, 'profile "work" url');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    expect(message).toMatch(/^invalid profile "work" url "/);
    expect(message).toMatch(why);
    expect(message).toMatch(/expected a URL such as http:\/\/localhost:3000\/webhooks or a port/);
  });
});
