import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  getConfig,
  listConfig,
  saveProfile,
  setConfig,
  unsetConfig,
} from "../../src/config/edit.js";
import { UsageError } from "../../src/errors.js";
import { configDir, configPath, readConfigFile } from "../../src/store/profiles.js";
import { useTempConfigDir } from "./temp-home.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const fileMode = (path: string): number => statSync(path).mode & 0o777;

describe("profiles on disk", () => {
  const home = useTempConfigDir();

  it("puts the file in HOOKS_CONFIG_DIR, else XDG_CONFIG_HOME/hooks", () => {
    expect(configPath()).toBe(join(home.dir(), "cfg", "config.json"));
    if (process.platform === "linux") {
      expect(configDir({ XDG_CONFIG_HOME: "/x/conf" })).toBe("/x/conf/hooks");
    }
  });

  it("reads nothing and writes nothing before the first set", async () => {
    expect(readConfigFile()?.profiles.default).toBeUndefined();
    expect(listConfig({}).profiles).toEqual({});
    expect(() => statSync(configPath())).toThrow();
  });

  it("round-trips every key through the file, owner-only", async () => {
    await setConfig(undefined, "provider", "standard");
    await setConfig(undefined, "secret", SECRET);
    await setConfig(undefined, "url", "https://example.com/hooks");
    await setConfig(undefined, "port", "5000");
    await setConfig(undefined, "forward-to", "http://localhost:3000/webhooks");
    await setConfig(undefined, "tunnel", "none");
    await setConfig(undefined, "publicUrl", "https://me.example.net");
    await setConfig(undefined, "register", "yes");
    expect(readConfigFile()?.profiles.default).toEqual({
      provider: "standard",
      secrets: [SECRET],
      url: "https://example.com/hooks",
      port: 5000,
      forwardTo: "http://localhost:3000/webhooks",
      tunnel: "none",
      publicUrl: "https://me.example.net",
      register: true,
    });
    if (process.platform !== "win32") expect(fileMode(configPath())).toBe(0o600);
  });

  it("keeps profiles apart and honours HOOKS_PROFILE", async () => {
    await setConfig(undefined, "port", "5001");
    await setConfig("staging", "port", "5002");
    expect(readConfigFile()?.profiles.default?.port).toBe(5001);
    expect(readConfigFile()?.profiles.staging?.port).toBe(5002);
    process.env.HOOKS_PROFILE = "staging";
    expect(getConfig(undefined, "port").value).toBe(5002);
    expect(getConfig("default", "port").value).toBe(5001);
  });

  it("replaces secrets, or adds one with --add (no duplicates), and only shows them masked", async () => {
    await setConfig(undefined, "secret", "first-secret-aaaa");
    await setConfig(undefined, "secret", "second-secret-bbbb", { add: true });
    await setConfig(undefined, "secret", "second-secret-bbbb", { add: true });
    expect(readConfigFile()?.profiles.default?.secrets).toEqual([
      "first-secret-aaaa",
      "second-secret-bbbb",
    ]);
    const shown = JSON.stringify([getConfig(undefined, "secret"), listConfig({ all: true })]);
    expect(shown).not.toContain("first-secret-aaaa");
    expect(shown).not.toContain("second-secret-bbbb");
    expect(getConfig(undefined, "secret").value).toEqual(["••••", "••••"]);
    const change = await setConfig(undefined, "secret", SECRET);
    expect(change.value).toEqual(["whsec_Mf…aSw"]);
    expect(readConfigFile()?.profiles.default?.secrets).toEqual([SECRET]);
  });

  it("reads `secret -` from standard input, without the trailing newline", async () => {
    await setConfig(undefined, "secret", "-", { readStdin: async () => "from-stdin-123\n" });
    expect(readConfigFile()?.profiles.default?.secrets).toEqual(["from-stdin-123"]);
  });

  it("refuses --add on other keys and bad values, leaving the file untouched", async () => {
    await setConfig(undefined, "port", "5000");
    const before = readFileSync(configPath(), "utf8");
    await expect(setConfig(undefined, "port", "6000", { add: true })).rejects.toThrow(
      /--add only applies to secret/,
    );
    await expect(setConfig(undefined, "port", "http")).rejects.toThrow(UsageError);
    await expect(setConfig(undefined, "url", "not a url")).rejects.toThrow(/contains a space/);
    await expect(setConfig(undefined, "provider", "nope")).rejects.toThrow(/unknown provider/);
    await expect(setConfig(undefined, "colour", "red")).rejects.toThrow(/unknown config key/);
    await expect(setConfig("bad name", "port", "1")).rejects.toThrow(/invalid profile name/);
    expect(readFileSync(configPath(), "utf8")).toBe(before);
  });

  it("unsets keys, drops a profile left empty, and says when there was nothing to unset", async () => {
    await setConfig(undefined, "port", "5000");
    await setConfig(undefined, "tunnel", "none");
    expect((await unsetConfig(undefined, "port")).changed).toBe(true);
    expect(readConfigFile()?.profiles.default).toEqual({ tunnel: "none" });
    expect((await unsetConfig(undefined, "port")).changed).toBe(false);
    await unsetConfig(undefined, "tunnel");
    expect(listConfig({ all: true }).profiles).toEqual({});
  });

  it("makes an existing group-readable file owner-only on the next write", async () => {
    if (process.platform === "win32") return;
    mkdirSync(configDir(), { recursive: true });
    writeFileSync(configPath(), JSON.stringify({ profiles: { default: { port: 4000 } } }));
    chmodSync(configPath(), 0o644);
    await setConfig(undefined, "tunnel", "none");
    expect(fileMode(configPath())).toBe(0o600);
    expect(readConfigFile()?.profiles.default).toEqual({ port: 4000, tunnel: "none" });
  });

  it("reports a broken file as a usage error naming the file and the problem", async () => {
    mkdirSync(configDir(), { recursive: true });
    writeFileSync(configPath(), JSON.stringify({ profiles: { default: { port: "high" } } }));
    expect(() => readConfigFile()).toThrow(
      /config file .*config\.json is invalid \(profiles\.default\.port/,
    );
    await expect(setConfig(undefined, "tunnel", "none")).rejects.toThrow(/is invalid/);
    writeFileSync(configPath(), "{not json");
    expect(() => listConfig({})).toThrow(UsageError);
  });

  it("saves several keys at once and merges with what is there", async () => {
    await setConfig(undefined, "tunnel", "none");
    await saveProfile("default", { provider: "standard", secrets: [SECRET], port: 4700 });
    expect(readConfigFile()?.profiles.default).toEqual({
      tunnel: "none",
      provider: "standard",
      secrets: [SECRET],
      port: 4700,
    });
  });

  it("shows register and the webhook targets, gets and unsets them one by one", async () => {
    await saveProfile("default", {
      provider: "github",
      register: true,
      webhooks: { repo: "o/r", environment: "sandbox" },
    });
    expect(listConfig({}).profiles.default).toEqual({
      provider: "github",
      register: true,
      webhooks: { repo: "o/r", environment: "sandbox" },
    });
    expect(getConfig(undefined, "register").value).toBe(true);
    expect(getConfig(undefined, "webhooks").value).toEqual({ repo: "o/r", environment: "sandbox" });
    expect(getConfig(undefined, "Webhooks.repo")).toMatchObject({
      key: "webhooks.repo",
      value: "o/r",
    });
    expect(getConfig(undefined, "webhooks.shop").value).toBeNull();
    expect(() => getConfig(undefined, "webhooks.token")).toThrow(
      /unknown webhook target "token"; allowed: webhooks\.repo, webhooks\.org/,
    );
    expect((await unsetConfig(undefined, "webhooks.repo")).changed).toBe(true);
    expect(readConfigFile()?.profiles.default?.webhooks).toEqual({ environment: "sandbox" });
    expect((await unsetConfig(undefined, "webhooks.repo")).changed).toBe(false);
    await unsetConfig(undefined, "webhooks.environment");
    expect(readConfigFile()?.profiles.default).toEqual({ provider: "github", register: true });
    await unsetConfig(undefined, "register");
    expect(readConfigFile()?.profiles.default).toEqual({ provider: "github" });
  });

  it("refuses a register that is not a boolean, in the file and from set", async () => {
    await expect(setConfig(undefined, "register", "maybe")).rejects.toThrow(
      /invalid register "maybe": not a boolean; allowed: true or false/,
    );
    mkdirSync(configDir(), { recursive: true });
    writeFileSync(configPath(), JSON.stringify({ profiles: { default: { register: "yes" } } }));
    expect(() => readConfigFile()).toThrow(/profiles\.default\.register must be true or false/);
  });
});
