import { afterEach, describe, expect, it, vi } from "vitest";
import { renderTunnelInstall } from "../../src/render/tunnel-install.js";
import {
  cloudflaredVersion,
  describeInstallFailure,
} from "../../src/tunnel/install-cloudflared.js";
import { FAKE_CLOUDFLARED } from "./fake.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("hooks tunnel install", () => {
  it("says where cloudflared went, and its version", async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation(
      (chunk) => (out.push(String(chunk)), true),
    );
    renderTunnelInstall({ path: "/x/cloudflared", version: "2024.8.2" }, { json: true });
    expect(JSON.parse(out.join(""))).toEqual({ path: "/x/cloudflared", version: "2024.8.2" });
  });

  it("says why a download failed and what to do instead", () => {
    expect(describeInstallFailure(new Error("getaddrinfo ENOTFOUND github.com"))).toMatch(
      /ENOTFOUND github\.com.*set CLOUDFLARED_BIN/,
    );
  });

  it("reads the version a cloudflared binary reports", async () => {
    expect(await cloudflaredVersion(FAKE_CLOUDFLARED)).toBe("2024.8.2");
    expect(await cloudflaredVersion("/nonexistent/cloudflared")).toBeNull();
  });
});
