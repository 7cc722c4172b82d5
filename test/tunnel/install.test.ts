import { stripVTControlCharacters } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatProgress, renderTunnelInstall } from "../../src/render/tunnel-install.js";
import { cloudflaredDownloadUrl } from "../../src/tunnel/download-cloudflared.js";
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

  it("says what to do when npm or the disk refuses the install path", () => {
    const denied = Object.assign(new Error("EACCES: permission denied, mkdir '/usr/lib/x'"), {
      code: "EACCES",
    });
    expect(describeInstallFailure(denied)).toMatch(
      /permission denied.*hooks tunnel install --to .* set CLOUDFLARED_BIN/,
    );
  });

  it("downloads this machine's release asset, or HOOKS_CLOUDFLARED_URL", () => {
    const latest = "https://github.com/cloudflare/cloudflared/releases/latest/download/";
    expect(cloudflaredDownloadUrl({}, "linux", "x64")).toBe(`${latest}cloudflared-linux-amd64`);
    expect(cloudflaredDownloadUrl({}, "darwin", "arm64")).toBe(
      `${latest}cloudflared-darwin-arm64.tgz`,
    );
    expect(cloudflaredDownloadUrl({}, "win32", "x64")).toBe(
      `${latest}cloudflared-windows-amd64.exe`,
    );
    expect(
      cloudflaredDownloadUrl({ HOOKS_CLOUDFLARED_URL: "http://mirror/cf" }, "linux", "x64"),
    ).toBe("http://mirror/cf");
    expect(() => cloudflaredDownloadUrl({}, "aix", "ppc64")).toThrow(/no binary for aix\/ppc64/);
  });

  it("draws the download as a bar with its share and size", () => {
    const line = stripVTControlCharacters(formatProgress(18_000_000, 36_000_000));
    expect(line).toBe(
      `Downloading cloudflared [${"█".repeat(12)}${"░".repeat(12)}]  50%  18.0 of 36.0 MB`,
    );
    expect(formatProgress(36_000_000, 36_000_000)).toContain("100%");
    expect(formatProgress(2_500_000, null)).toBe("Downloading cloudflared… 2.5 MB");
  });
});
