import { describe, expect, it } from "vitest";
import {
  parseKey,
  parsePort,
  parseProviderId,
  parseSecret,
  parseTunnel,
  parseValue,
} from "../../src/config/keys.js";
import { UsageError } from "../../src/errors.js";

describe("config keys", () => {
  it("accepts camelCase, kebab-case and snake_case names, and secrets for secret", () => {
    expect(parseKey("forwardTo")).toBe("forwardTo");
    expect(parseKey("forward-to")).toBe("forwardTo");
    expect(parseKey("PUBLIC_URL")).toBe("publicUrl");
    expect(parseKey("secrets")).toBe("secret");
  });

  it("rejects an unknown key with the list of allowed keys", () => {
    expect(() => parseKey("prot")).toThrow(UsageError);
    expect(() => parseKey("prot")).toThrow(
      /unknown config key "prot"; allowed keys: provider, secret, url, port, forwardTo, tunnel, publicUrl/,
    );
  });

  it("validates ports", () => {
    expect(parsePort("4665")).toBe(4665);
    expect(parsePort(" 1 ")).toBe(1);
    expect(parsePort("0")).toBe(0);
    for (const bad of ["65536", "-1", "4.5", "abc", "", "1e3"]) {
      expect(() => parsePort(bad, "HOOKS_PORT")).toThrow(
        new RegExp(
          `invalid HOOKS_PORT "${bad.replace(".", "\\.")}": not a port; allowed: an integer 0\\.\\.65535`,
        ),
      );
    }
  });

  it("validates URL keys with the one URL rule, naming the origin", () => {
    expect(parseValue("forwardTo", "3000")).toBe("http://localhost:3000");
    expect(parseValue("url", "https://example.com/hooks")).toBe("https://example.com/hooks");
    expect(() => parseValue("publicUrl", "ftp://example.com", "--public-url")).toThrow(
      /invalid --public-url "ftp:\/\/example\.com": ftp:\/\/ is not http:\/\/ or https:\/\//,
    );
  });

  it("validates providers against the registry and lists the known ones", () => {
    expect(parseProviderId("STANDARD")).toBe("standard");
    expect(() => parseProviderId("nope")).toThrow(/unknown provider; allowed: one of .*standard/);
  });

  it("validates tunnels", () => {
    expect(parseTunnel("None")).toBe("none");
    expect(() => parseTunnel("ngrok")).toThrow(/allowed: cloudflared or none/);
  });

  it("rejects empty and multi-line secrets without echoing them", () => {
    expect(() => parseSecret("")).toThrow(/invalid secret: empty/);
    let message = "";
    try {
      parseSecret("top-secret-value\nsecond line");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/line break/);
    expect(message).not.toContain("top-secret-value");
  });

  it("stores a secret as a list and a port as a number", () => {
    expect(parseValue("secret", "abc")).toEqual(["abc"]);
    expect(parseValue("port", "8080")).toBe(8080);
  });
});
