import { describe, expect, it } from "vitest";
import { parseTunnelToken } from "../../src/config/keys.js";
import { namedTunnel } from "../../src/tunnel/tunnel-token.js";
import { tunnelToken } from "./fake.js";

describe("parseTunnelToken", () => {
  it("takes the token as the dashboard shows it, trimmed", () => {
    const { token } = tunnelToken();
    expect(parseTunnelToken(` ${token} `, "--tunnel-token")).toBe(token);
  });

  it("refuses a pasted install command, a cut-off token and other base64, never echoing them", () => {
    const { token } = tunnelToken();
    const cases = [
      `sudo cloudflared service install ${token}`,
      token.slice(0, 40),
      Buffer.from('{"a":"x","t":"y"}').toString("base64"),
      "not base64!",
    ];
    for (const value of cases) {
      let message = "";
      try {
        parseTunnelToken(value, "CLOUDFLARED_TOKEN");
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^invalid CLOUDFLARED_TOKEN: /);
      expect(message).not.toContain(value.slice(-20));
    }
  });
});

describe("namedTunnel", () => {
  const base = { profile: "default", publicUrl: "https://hooks.example.com" } as const;

  it("is the token and the public URL, or nothing without a token", () => {
    const settings = { ...base, tunnel: "cloudflared", tunnelToken: "t", sources: {} } as const;
    expect(namedTunnel(settings)).toEqual({ token: "t", publicUrl: base.publicUrl });
    expect(namedTunnel({ ...settings, tunnelToken: undefined })).toBeUndefined();
  });

  it("needs the public URL, naming where the token came from", () => {
    const settings = {
      ...base,
      publicUrl: undefined,
      tunnel: "cloudflared",
      tunnelToken: "t",
      sources: { tunnelToken: "profile" },
    } as const;
    expect(() => namedTunnel(settings)).toThrow(
      /a tunnel token \(from profile "default"\) needs --public-url/,
    );
  });

  it("gives way to --tunnel none unless the token was a flag of the same run", () => {
    const saved = {
      ...base,
      tunnel: "none",
      tunnelToken: "t",
      sources: { tunnelToken: "env" },
    } as const;
    expect(namedTunnel(saved)).toBeUndefined();
    expect(() => namedTunnel({ ...saved, sources: { tunnelToken: "flag" } })).toThrow(
      /--tunnel-token runs a named tunnel, and --tunnel none turns tunnels off/,
    );
  });
});
