import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setConfig } from "../../src/config/edit.js";
import { checkCloudflared } from "../../src/doctor/check-cloudflared.js";
import { checkConfigFile, checkProfile } from "../../src/doctor/check-config.js";
import { checkNode } from "../../src/doctor/check-node.js";
import { checkPort } from "../../src/doctor/check-port.js";
import { checkProxy } from "../../src/doctor/check-proxy.js";
import { configDir, configPath } from "../../src/store/profiles.js";
import { useTempConfigDir } from "../config/temp-home.js";
import { fakeCloudflared } from "./fake-cloudflared.js";

const posix = process.platform !== "win32";

describe("doctor checks", () => {
  const home = useTempConfigDir();

  it("node: passes 20.18.1 and newer, fails older with a fix", () => {
    expect(checkNode("20.18.1").status).toBe("ok");
    expect(checkNode("22.0.0").status).toBe("ok");
    const old = checkNode("20.9.0");
    expect(old).toMatchObject({ status: "fail", message: "Node.js 20.9.0 is older than 20.18.1" });
    expect(old.fix).toMatch(/install Node\.js 20\.18\.1 or newer/);
  });

  describe("cloudflared", () => {
    let bin = "";
    beforeEach(() => {
      bin = join(home.dir(), "bin");
      mkdirSync(bin);
    });
    const missing = () => join(home.dir(), "not-installed", "cloudflared");

    it.runIf(posix)("finds it on PATH and reports its version", async () => {
      const path = fakeCloudflared(bin);
      const check = await checkCloudflared({ env: { PATH: bin }, packageDefault: missing() });
      expect(check).toMatchObject({
        status: "ok",
        message: `cloudflared 2025.1.1 at ${path} (from PATH)`,
        details: { path, source: "PATH", version: "2025.1.1" },
      });
    });

    it.runIf(posix)("prefers CLOUDFLARED_BIN, then the package's binary, then PATH", async () => {
      const onPath = fakeCloudflared(bin, "cloudflared version 1.0.0");
      const pkg = fakeCloudflared(join(home.dir(), "pkg"), "cloudflared version 2.0.0");
      const chosen = fakeCloudflared(join(home.dir(), "env"), "cloudflared version 3.0.0");
      const byEnv = await checkCloudflared({
        env: { PATH: bin, CLOUDFLARED_BIN: chosen },
        packageDefault: pkg,
      });
      expect(byEnv.details).toMatchObject({
        path: chosen,
        source: "CLOUDFLARED_BIN",
        version: "3.0.0",
      });
      const byPackage = await checkCloudflared({ env: { PATH: bin }, packageDefault: pkg });
      expect(byPackage.details).toMatchObject({ path: pkg, source: "hooks tunnel install" });
      expect(onPath).not.toBe(pkg);
    });

    it("fails without a binary, naming where it looked and how to get one", async () => {
      const check = await checkCloudflared({ env: { PATH: bin }, packageDefault: missing() });
      expect(check.status).toBe("fail");
      expect(check.message).toBe(
        `not found in CLOUDFLARED_BIN, ${missing()} or PATH (npm skips the cloudflared package's own download)`,
      );
      expect(check.fix).toMatch(/hooks tunnel install/);
      const bad = await checkCloudflared({
        env: { PATH: bin, CLOUDFLARED_BIN: "/nope/cf" },
        packageDefault: missing(),
      });
      expect(bad).toMatchObject({
        status: "fail",
        message: "CLOUDFLARED_BIN=/nope/cf is not an executable file",
      });
    });

    it("only warns without a binary when the tunnel is off", async () => {
      const check = await checkCloudflared({
        env: { PATH: bin },
        packageDefault: missing(),
        tunnel: "none",
      });
      expect(check.status).toBe("warn");
      expect(check.message).toMatch(/not needed while tunnel is none/);
    });

    it.runIf(posix)("fails for a binary that does not answer --version", async () => {
      fakeCloudflared(bin, "segfault", 3);
      const check = await checkCloudflared({ env: { PATH: bin }, packageDefault: missing() });
      expect(check.status).toBe("fail");
      expect(check.message).toMatch(/did not answer `--version`/);
    });
  });

  describe("config file and profile", () => {
    it("warns when there is no config file yet", () => {
      expect(checkConfigFile()).toMatchObject({ status: "warn", fix: "hooks init" });
    });

    it.runIf(posix)(
      "passes an owner-only file and fails a group-readable one with chmod as the fix",
      async () => {
        await setConfig(undefined, "port", "5000");
        expect(checkConfigFile()).toMatchObject({ status: "ok", details: { mode: "600" } });
        chmodSync(configPath(), 0o644);
        expect(checkConfigFile()).toMatchObject({
          status: "fail",
          fix: `chmod 600 ${configPath()}`,
        });
      },
    );

    it("fails a broken file", () => {
      mkdirSync(configDir(), { recursive: true });
      writeFileSync(configPath(), "{", { mode: 0o600 });
      expect(checkConfigFile()).toMatchObject({
        status: "fail",
        message: expect.stringMatching(/is invalid/),
      });
    });

    it("summarises the active profile with masked secrets", async () => {
      await setConfig(undefined, "provider", "clover");
      await setConfig(undefined, "secret", "0307e264-b33a-4913-88aa-37b10014a0b8");
      const { check, settings } = await checkProfile(undefined);
      expect(check).toMatchObject({
        status: "ok",
        message: "default: provider clover, 1 secret (03…0b8)",
      });
      expect(settings?.port).toBe(4665);
      expect(JSON.stringify(check)).not.toContain("0307e264-b33a");
    });

    it("fails a profile named explicitly that is not saved, and a bad environment value", async () => {
      expect((await checkProfile("nope")).check).toMatchObject({
        status: "fail",
        message: expect.stringMatching(/no saved profile "nope"/),
      });
      process.env.HOOKS_PORT = "port";
      expect((await checkProfile(undefined)).check).toMatchObject({
        status: "fail",
        message: expect.stringMatching(/invalid HOOKS_PORT "port"/),
      });
    });
  });

  describe("port", () => {
    let server: Server | undefined;
    afterEach(
      () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
    );

    it("passes a free port and fails one in use, with a fix", async () => {
      server = createServer();
      await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
      const port = (server.address() as { port: number }).port;
      const busy = await checkPort(port);
      expect(busy).toMatchObject({
        status: "fail",
        message: `port ${port} on 127.0.0.1 is in use (another hooks listen, or another program)`,
      });
      expect(busy.fix).toMatch(/hooks config set port <n>/);
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      server = undefined;
      expect((await checkPort(port)).status).toBe("ok");
    });
  });

  describe("proxy", () => {
    it("is fine without a proxy", () => {
      expect(checkProxy({})).toMatchObject({
        status: "ok",
        message: "no HTTP(S)_PROXY set: direct connections",
      });
    });

    it("warns when local targets would go through the proxy, and hides its password", () => {
      const check = checkProxy({ HTTPS_PROXY: "http://user:hunter2@proxy.corp:3128" });
      expect(check.status).toBe("warn");
      expect(check.message).toContain("HTTPS_PROXY=http://user:***@proxy.corp:3128");
      expect(JSON.stringify(check)).not.toContain("hunter2");
      expect(check.fix).toBe("export NO_PROXY=localhost,127.0.0.1");
    });

    it("passes with NO_PROXY covering localhost, and fails a proxy that is not a URL", () => {
      expect(
        checkProxy({ https_proxy: "http://proxy:3128", no_proxy: "localhost,127.0.0.1,.corp" })
          .status,
      ).toBe("ok");
      expect(checkProxy({ HTTP_PROXY: "proxy.corp" })).toMatchObject({
        status: "fail",
        fix: "export HTTP_PROXY=http://host:port (or unset it)",
      });
    });
  });
});
