import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

describe("hooks init --register (built binary, no terminal)", () => {
  let dir = "";
  let env: Record<string, string | undefined> = {};
  const file = () => join(dir, "cfg", "config.json");
  const hooks = (args: string[]) => runCli(args, { env, cwd: dir });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "hooks-e2e-init-register-"));
    // No token from the machine: the next steps must then say what to export.
    env = {
      HOOKS_CONFIG_DIR: join(dir, "cfg"),
      HOOKS_PROFILE: undefined,
      HOOKS_REGISTER: undefined,
      GITHUB_TOKEN: undefined,
      GH_TOKEN: undefined,
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("saves register and the repository, never a token, and config shows them", async () => {
    const init = await hooks(["init", "--provider", "github", "--register", "--repo", "o/r"]);
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/register\s+true/);
    expect(init.stdout).toMatch(/webhooks\s+repo=o\/r/);
    expect(init.stdout).toMatch(/admin:repo_hook.*\n\s+export GITHUB_TOKEN=…/);
    expect(init.stdout).toMatch(/\n\s+hooks listen\n/);
    expect(init.stdout).toMatch(/\n\s+hooks webhooks list\n/);
    expect(JSON.parse(readFileSync(file(), "utf8"))).toEqual({
      profiles: { default: { provider: "github", register: true, webhooks: { repo: "o/r" } } },
    });

    expect(await hooks(["config", "get", "register"])).toMatchObject({ code: 0, stdout: "true\n" });
    expect(await hooks(["config", "get", "webhooks.repo"])).toMatchObject({
      code: 0,
      stdout: "o/r\n",
    });
    const list = JSON.parse((await hooks(["config", "list", "--json"])).stdout);
    expect(list.profiles.default).toEqual({
      provider: "github",
      register: true,
      webhooks: { repo: "o/r" },
    });

    expect((await hooks(["config", "set", "register", "false"])).code).toBe(0);
    const off = await hooks(["config", "get", "register", "--json"]);
    expect(JSON.parse(off.stdout)).toEqual({ profile: "default", key: "register", value: false });
    expect(JSON.parse(readFileSync(file(), "utf8")).profiles.default.register).toBe(false);
    const bad = await hooks(["config", "set", "register", "maybe"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid register "maybe": not a boolean; allowed: true or false/);
  });

  it("exits 2 in one line for a target the provider does not take, and saves nothing", async () => {
    for (const args of [
      ["--provider", "square", "--register", "--repo", "o/r"],
      ["--provider", "shopify", "--register", "--shop", "example.com"],
      ["--provider", "github", "--register"],
    ]) {
      const result = await hooks(["init", ...args]);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(existsSync(file())).toBe(false);
    }
    const square = await hooks(["init", "--provider", "square", "--repo", "o/r"]);
    expect(square.stderr).toMatch(/square takes no --repo: --repo is for github/);
  });
});
