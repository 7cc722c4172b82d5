import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, type RunOptions } from "../helpers/cli.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

describe("hooks config (built binary, temporary config dir)", () => {
  let dir = "";
  let env: RunOptions["env"] = {};
  const hooks = (args: string[], options: RunOptions = {}) =>
    runCli(args, { ...options, env: { ...env, ...options.env } });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "hooks-e2e-config-"));
    env = { HOOKS_CONFIG_DIR: join(dir, "cfg"), HOOKS_PROFILE: undefined, HOOKS_PORT: undefined };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("sets, gets, lists and unsets values; the file is owner-only", async () => {
    expect((await hooks(["config", "set", "provider", "standard"])).code).toBe(0);
    expect((await hooks(["config", "set", "port", "5005"])).code).toBe(0);
    const path = (await hooks(["config", "path"])).stdout.trim();
    expect(path).toBe(join(dir, "cfg", "config.json"));
    if (process.platform !== "win32") expect(statSync(path).mode & 0o777).toBe(0o600);

    const get = await hooks(["config", "get", "port"]);
    expect(get).toMatchObject({ code: 0, stdout: "5005\n" });
    const list = await hooks(["config", "list", "--json"]);
    expect(JSON.parse(list.stdout)).toEqual({
      path,
      active: "default",
      profiles: { default: { provider: "standard", port: 5005 } },
      overrides: {},
    });
    expect((await hooks(["config", "unset", "port"])).code).toBe(0);
    const unset = await hooks(["config", "get", "port", "--json"]);
    expect(unset.code).toBe(1);
    expect(JSON.parse(unset.stdout)).toEqual({ profile: "default", key: "port", value: null });
  });

  it("never prints a secret whole, in any mode", async () => {
    const set = await hooks(["config", "set", "secret", SECRET]);
    const add = await hooks(["config", "set", "secret", "-", "--add"], {
      input: "second-secret-value\n",
    });
    const outputs = [set, add];
    for (const args of [
      ["config"],
      ["config", "list", "--json"],
      ["config", "get", "secret", "--json"],
    ]) {
      outputs.push(await hooks(args));
    }
    for (const { code, stdout, stderr } of outputs) {
      expect(code).toBe(0);
      expect(stdout + stderr).not.toContain(SECRET);
      expect(stdout + stderr).not.toContain("second-secret-value");
    }
    expect(outputs[2]?.stdout).toContain("whsec_Mf…aSw, ••••");
    expect(
      JSON.parse(readFileSync(join(dir, "cfg", "config.json"), "utf8")).profiles.default.secrets,
    ).toEqual([SECRET, "second-secret-value"]);
  });

  it("exits 2 with what is allowed for an unknown key or a value of the wrong kind", async () => {
    const cases: [string[], RegExp][] = [
      [
        ["config", "set", "colour", "red"],
        /unknown config key "colour"; allowed keys: provider, secret, url/,
      ],
      [
        ["config", "set", "port", "http"],
        /invalid port "http": not a port; allowed: an integer 0\.\.65535 \(0 picks a free port\)/,
      ],
      [
        ["config", "set", "url", "ftp://localhost:3000"],
        /invalid url "ftp:\/\/localhost:3000": ftp:\/\/ is not http:\/\/ or https:\/\/; expected a URL/,
      ],
      [["config", "set", "provider", "nope"], /unknown provider; allowed: one of .*standard/],
      [["config", "get", "nope"], /unknown config key "nope"/],
    ];
    for (const [args, pattern] of cases) {
      const result = await hooks(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(pattern);
    }
  });

  it("keeps profiles apart (--profile, HOOKS_PROFILE) and lets the environment override", async () => {
    await hooks(["--profile", "ci", "config", "set", "port", "7001"]);
    await hooks(["config", "set", "port", "7000"]);
    expect((await hooks(["config", "get", "port", "--profile", "ci"])).stdout).toBe("7001\n");
    expect((await hooks(["config", "get", "port"], { env: { HOOKS_PROFILE: "ci" } })).stdout).toBe(
      "7001\n",
    );
    const overridden = await hooks(["config", "list"], { env: { HOOKS_PORT: "9000" } });
    expect(overridden.stdout).toMatch(/port\s+7000\s+\(overridden by HOOKS_PORT\)/);
  });

  it("signs with the profile's secret unless HOOKS_SECRET or --secret is given", async () => {
    const sign = (extra: string[], options: RunOptions = {}) =>
      hooks(
        [
          "sign",
          "--provider",
          "standard",
          "--payload",
          "-",
          "--id",
          "msg_1",
          "--timestamp",
          "1614265330",
          ...extra,
        ],
        {
          input: '{"a":1}',
          ...options,
        },
      );
    const missing = await sign([]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/hooks config set secret/);
    await hooks(["config", "set", "secret", SECRET]);
    const byProfile = await sign([]);
    const byFlag = await sign(["--secret", SECRET]);
    expect(byProfile.code).toBe(0);
    expect(byProfile.stdout).toBe(byFlag.stdout);
    const byEnv = await sign([], {
      env: { HOOKS_SECRET: "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
    });
    expect(byEnv.stdout).not.toBe(byProfile.stdout);
    expect(byEnv.stdout).toBe(
      (await sign(["--secret", "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])).stdout,
    );
  });
});
