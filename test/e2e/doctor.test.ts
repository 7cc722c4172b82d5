import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultCloudflaredPath } from "../../src/tunnel/install-cloudflared.js";
import { fakeCloudflared } from "../doctor/fake-cloudflared.js";
import { runCli, type RunOptions } from "../helpers/cli.js";

interface Report {
  ok: boolean;
  checks: {
    name: string;
    status: string;
    message: string;
    fix?: string;
    details?: Record<string, unknown>;
  }[];
}

const posix = process.platform !== "win32";
const packageBinary = await defaultCloudflaredPath();

describe("hooks doctor (built binary)", () => {
  let dir = "";
  let bin = "";
  let server: Server | undefined;
  let env: Record<string, string | undefined> = {};
  const doctor = async (args: string[], extra: RunOptions["env"] = {}) => {
    const result = await runCli(["doctor", ...args], { env: { ...env, ...extra } });
    return {
      ...result,
      report: args.includes("--json") ? (JSON.parse(result.stdout) as Report) : undefined,
    };
  };
  const check = (report: Report | undefined, name: string) =>
    report?.checks.find((c) => c.name === name);

  beforeEach(async () => {
    // Other suites may run `hooks listen` on the default port meanwhile: check a free one.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const freePort = String((probe.address() as { port: number }).port);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    dir = mkdtempSync(join(tmpdir(), "hooks-e2e-doctor-"));
    bin = join(dir, "bin");
    mkdirSync(bin);
    env = {
      HOOKS_CONFIG_DIR: join(dir, "cfg"),
      // The store check looks at the default store: this one, not the machine's.
      XDG_STATE_HOME: join(dir, "state"),
      PATH: bin,
      CLOUDFLARED_BIN: undefined,
      HOOKS_PROFILE: undefined,
      HOOKS_PORT: freePort,
      HTTPS_PROXY: undefined,
      https_proxy: undefined,
      HTTP_PROXY: undefined,
      http_proxy: undefined,
    };
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(posix)("passes with a cloudflared binary on PATH and a free port", async () => {
    const path = fakeCloudflared(bin);
    const { code, stdout, stderr } = await doctor([]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/✔ node\s+Node\.js \d+\.\d+\.\d+/);
    expect(stdout).toContain(`✔ cloudflared  cloudflared 2025.1.1 at ${path} (from PATH)`);
    expect(stdout).toMatch(/! config\s+no config file yet/);
    expect(stdout).toMatch(/fix: hooks init/);
    expect(stdout).toMatch(/no problems, 2 warnings/);
  });

  it.runIf(posix)("reports the binary from CLOUDFLARED_BIN in JSON", async () => {
    const path = fakeCloudflared(
      join(dir, "elsewhere"),
      "cloudflared version 2024.8.2 (built 2024-08-01)",
    );
    const { code, report } = await doctor(["--json"], { CLOUDFLARED_BIN: path });
    expect(code).toBe(0);
    expect(report?.ok).toBe(true);
    expect(check(report, "cloudflared")).toMatchObject({
      status: "ok",
      details: { path, source: "CLOUDFLARED_BIN", version: "2024.8.2" },
    });
    expect(report?.checks.map((c) => c.name)).toEqual([
      "node",
      "cloudflared",
      "config",
      "store",
      "profile",
      "port",
      "proxy",
    ]);
  });

  it("exits 1 without a cloudflared binary, with the fix", async () => {
    const { code, report } = await doctor(["--json"], {
      CLOUDFLARED_BIN: join(dir, "missing", "cloudflared"),
    });
    expect(code).toBe(1);
    expect(report?.ok).toBe(false);
    expect(check(report, "cloudflared")).toMatchObject({
      status: "fail",
      message: `CLOUDFLARED_BIN=${join(dir, "missing", "cloudflared")} is not an executable file`,
      fix: expect.stringContaining("hooks tunnel install"),
    });
  });

  it.skipIf(existsSync(packageBinary))(
    "exits 1 with no binary anywhere, naming where it looked",
    async () => {
      const { code, stdout } = await doctor([]);
      expect(code).toBe(1);
      expect(stdout).toMatch(
        /✘ cloudflared\s+not found in CLOUDFLARED_BIN, .* or PATH \(npm skips the cloudflared package's own download\)/,
      );
      expect(stdout).toMatch(/fix: hooks tunnel install/);
      expect(stdout).toMatch(/1 problem/);
    },
  );

  it("says port 0 picks a free port, not that port 0 is free", async () => {
    const { report } = await doctor(["--json"], { HOOKS_PORT: "0" });
    expect(check(report, "port")).toMatchObject({
      status: "ok",
      message: "port 0: hooks listen picks a free port on 127.0.0.1 (from HOOKS_PORT)",
      details: { port: 0, origin: "HOOKS_PORT" },
    });
  });

  it.runIf(posix)(
    "fails the port check when the port is taken, and reads the profile's port",
    async () => {
      fakeCloudflared(bin);
      server = createServer();
      await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
      const port = (server.address() as { port: number }).port;
      await runCli(["config", "set", "port", String(port)], { env });
      await runCli(["config", "set", "secret", "doctor-secret-value"], { env });
      const { code, stdout, report } = await doctor(["--json"], { HOOKS_PORT: undefined });
      expect(code).toBe(1);
      expect(stdout).not.toContain("doctor-secret-value");
      expect(check(report, "profile")).toMatchObject({
        status: "ok",
        message: "default: provider not set (detected from headers), 1 secret (••••)",
      });
      expect(check(report, "port")).toMatchObject({
        status: "fail",
        details: { port, origin: "profile" },
      });
      expect(check(report, "config")).toMatchObject({ status: "ok" });
    },
  );
});
