import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { FakeReleases } from "../helpers/fake-releases.js";

const posix = process.platform !== "win32";
/** The fake is on 127.0.0.1: no proxy from the machine running the tests may stand in between. */
const DIRECT = {
  HTTPS_PROXY: undefined,
  https_proxy: undefined,
  HTTP_PROXY: undefined,
  http_proxy: undefined,
};
let dir: string;
let releases: FakeReleases;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "hooks-tunnel-install-"));
  releases = await new FakeReleases().start();
});
afterEach(async () => {
  await releases.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(posix)("hooks tunnel install", () => {
  it("downloads cloudflared through the release redirect to --to, executable", async () => {
    const to = join(dir, "bin", "cloudflared");
    const { code, stdout, stderr } = await runCli(["tunnel", "install", "--to", to, "--json"], {
      env: { ...DIRECT, HOOKS_CLOUDFLARED_URL: releases.url },
    });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    // The version comes from running what was downloaded: the fake answers 2024.8.2.
    expect(JSON.parse(stdout)).toEqual({ path: to, version: "2024.8.2" });
    expect(releases.requests).toEqual([
      "/latest/cloudflared-linux-amd64",
      "/objects/cloudflared-linux-amd64",
    ]);
    expect(readdirSync(join(dir, "bin"))).toEqual(["cloudflared"]);
  });

  it("installs to CLOUDFLARED_BIN when it is set, where hooks listen looks first", async () => {
    const to = join(dir, "cloudflared");
    const { code, stdout } = await runCli(["tunnel", "install"], {
      env: { ...DIRECT, HOOKS_CLOUDFLARED_URL: releases.url, CLOUDFLARED_BIN: to },
    });
    expect(code).toBe(0);
    expect(stdout).toBe(`✔ cloudflared 2024.8.2 installed at ${to}\n`);
  });

  it("exits 1 saying why when the download fails, and leaves nothing behind", async () => {
    const to = join(dir, "bin", "cloudflared");
    const { code, stderr } = await runCli(["tunnel", "install", "--to", to], {
      env: { ...DIRECT, HOOKS_CLOUDFLARED_URL: releases.url.replace("/latest/", "/gone/") },
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/could not download cloudflared: .*answered 404; check the network/);
    expect(existsSync(to)).toBe(false);
    expect(readdirSync(join(dir, "bin"))).toEqual([]);
  });
});
