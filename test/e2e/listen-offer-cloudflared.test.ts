import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { defaultCloudflaredPath } from "../../src/tunnel/install-cloudflared.js";
import { FakeReleases } from "../helpers/fake-releases.js";
import { HAS_SCRIPT, Terminal } from "../helpers/terminal.js";

// A fresh install has no cloudflared binary (npm skipped the package's download). At a terminal
// `hooks listen` offers to download it; anywhere else it only says how to get it.
const packageBinary = await defaultCloudflaredPath();
let dir: string;
let releases: FakeReleases;
let terminal: Terminal | undefined;
let env: Record<string, string | undefined>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "hooks-offer-"));
  releases = await new FakeReleases().start();
  env = {
    // Absent: where the offer downloads to, and where hooks listen then finds it.
    CLOUDFLARED_BIN: join(dir, "bin", "cloudflared"),
    HOOKS_CLOUDFLARED_URL: releases.url,
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    CI: undefined,
    GITHUB_ACTIONS: undefined,
    HTTPS_PROXY: undefined,
    https_proxy: undefined,
    HTTP_PROXY: undefined,
    http_proxy: undefined,
    XDG_CONFIG_HOME: dir,
  };
});
afterEach(async () => {
  // Ctrl-C first, so that hooks stops the fake cloudflared it started.
  await terminal?.interrupt();
  terminal?.kill();
  terminal = undefined;
  await releases.close();
  rmSync(dir, { recursive: true, force: true });
});

const LISTEN = ["listen", "--port", "0", "--inspect-port", "0"];
const store = (): string[] => ["--store", join(dir, "events.jsonl")];

describe.runIf(HAS_SCRIPT)("hooks listen at a terminal without cloudflared", () => {
  it("offers to download it, shows the download, and goes on with the tunnel", async () => {
    terminal = new Terminal([...LISTEN, ...store()], env);
    await terminal.waitForText(/Download cloudflared now\? \(Y\/n\)/);
    expect(terminal.text).toContain(`to ${env.CLOUDFLARED_BIN};`);
    expect(terminal.text).toContain("Cloudflare's license: https://developers.cloudflare.com/");
    terminal.type("\r"); // the default: yes
    await terminal.waitForText(/✔ cloudflared 2024\.8\.2 installed at .*bin\/cloudflared/);
    expect(terminal.text).toMatch(/Downloading cloudflared \[█+\] 100%/);
    // The fake's public URL is its own port on 127.0.0.1.
    await terminal.waitForText(/tunnel up http:\/\/127\.0\.0\.1:\d+/);
    await terminal.waitForText(/Ready!/);
    expect(releases.requests).toEqual([
      "/latest/cloudflared-linux-amd64",
      "/objects/cloudflared-linux-amd64",
    ]);
    expect(existsSync(env.CLOUDFLARED_BIN!)).toBe(true);
  });

  it("Ctrl-C at the question stops hooks listen, as Ctrl-C always does", async () => {
    terminal = new Terminal([...LISTEN, ...store()], env);
    await terminal.waitForText(/Download cloudflared now\?/);
    terminal.type("\x03");
    await terminal.exited;
    expect(terminal.text).toMatch(/: 0 request\(s\)/);
    expect(releases.requests).toEqual([]);
  });

  it("declined: says so in one line and listens locally", async () => {
    terminal = new Terminal([...LISTEN, ...store()], env);
    await terminal.waitForText(/Download cloudflared now\?/);
    terminal.type("n\r");
    await terminal.waitForText(/Ready!/);
    expect(terminal.text).toMatch(
      /!!! tunnel not started: cloudflared not downloaded; run `hooks tunnel install` to get it, or pass --tunnel none; still listening locally at http:\/\/127\.0\.0\.1:\d+\n/,
    );
    expect(releases.requests).toEqual([]);
    expect(existsSync(env.CLOUDFLARED_BIN!)).toBe(false);
  });

  it("a failed download: says why in one line and listens locally", async () => {
    terminal = new Terminal([...LISTEN, ...store()], {
      ...env,
      HOOKS_CLOUDFLARED_URL: releases.url.replace("/latest/", "/gone/"),
    });
    await terminal.waitForText(/Download cloudflared now\?/);
    terminal.type("y\r");
    await terminal.waitForText(/Ready!/);
    expect(terminal.text).toMatch(
      /!!! tunnel not started: could not download cloudflared: .*answered 404; .*; still listening locally at http:\/\/127\.0\.0\.1:\d+\n/,
    );
  });

  it("never asks under CI, even on a terminal", async () => {
    terminal = new Terminal([...LISTEN, ...store()], { ...env, CI: "true" });
    await terminal.waitForText(/Ready!/);
    expect(terminal.text).not.toContain("Download cloudflared");
    expect(terminal.text).toMatch(/cloudflared.*run `hooks tunnel install`/);
  });
});

describe("hooks listen off a terminal without cloudflared", () => {
  it("never prompts: prints the hint line with the one command, and listens locally", async () => {
    const { code, stdout, stderr } = await runCli([...LISTEN, ...store(), "--timeout", "1"], {
      env,
    });
    expect(code).toBe(0);
    expect(stdout + stderr).not.toMatch(/Download cloudflared|\(Y\/n\)/);
    expect(stdout).toMatch(
      /!!! CLOUDFLARED_BIN is .*, which is not an executable file; fix or unset it, run `hooks tunnel install`, or pass --tunnel none/,
    );
    expect(stdout).toMatch(/Ready!/);
    expect(releases.requests).toEqual([]);
  });

  // Only where the cloudflared package's own download did not run, as on a fresh install.
  it.skipIf(existsSync(packageBinary))(
    "with the package's path empty too, says why a fresh install has none",
    async () => {
      const { stdout } = await runCli([...LISTEN, ...store(), "--timeout", "1", "--json"], {
        env: { ...env, CLOUDFLARED_BIN: undefined, PATH: dirname(process.execPath) },
      });
      const tunnel = stdout
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { type: string; message?: string })
        .find((line) => line.type === "tunnel");
      expect(tunnel?.message).toMatch(
        /npm skips the cloudflared package's own download\): run `hooks tunnel install`/,
      );
    },
  );
});
