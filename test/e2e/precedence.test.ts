import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

/** A receiver that records which path each delivery went to. */
async function receiver(): Promise<{ server: Server; url: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? "");
    req.resume().on("end", () => res.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths };
}

let server: Server | undefined;
afterEach(() => server?.close());

describe("settings precedence in send and listen: flag, then environment, then profile", () => {
  it("hooks send takes its URL and provider from HOOKS_URL/HOOKS_PROVIDER over the profile", async () => {
    const target = await receiver();
    server = target.server;
    const config = mkdtempSync(join(tmpdir(), "hooks-precedence-"));
    const env = { HOOKS_CONFIG_DIR: config };
    expect(
      (await runCli(["config", "set", "url", `${target.url}/from-profile`], { env })).code,
    ).toBe(0);
    expect((await runCli(["config", "set", "provider", "github"], { env })).code).toBe(0);

    const fromProfile = await runCli(["send", "--secret", "s", "--event", "ping"], { env });
    expect(fromProfile.code).toBe(0);
    const fromEnv = await runCli(["send", "--secret", "s", "--event", "ping"], {
      env: { ...env, HOOKS_URL: `${target.url}/from-env` },
    });
    expect(fromEnv.code).toBe(0);
    const fromFlag = await runCli(
      ["send", `${target.url}/from-flag`, "--secret", "s", "--event", "ping"],
      {
        env: { ...env, HOOKS_URL: `${target.url}/from-env` },
      },
    );
    expect(fromFlag.code).toBe(0);
    expect(target.paths).toEqual(["/from-profile", "/from-env", "/from-flag"]);
  });

  it("hooks listen takes its port from HOOKS_PORT unless --port is given, and rejects a bad one", async () => {
    const store = join(mkdtempSync(join(tmpdir(), "hooks-precedence-")), "events.jsonl");
    const base = [
      "listen",
      "--tunnel",
      "none",
      "--no-inspect",
      "--json",
      "--store",
      store,
      "--timeout",
      "0.3",
    ];
    const probe = await receiver(); // a port that is free right now
    const port = Number(new URL(probe.url).port);
    await new Promise((resolve) => probe.server.close(resolve));

    const fromEnv = await runCli(base, { env: { HOOKS_PORT: String(port) } });
    expect(JSON.parse(fromEnv.stdout.split("\n")[0] ?? "{}")).toMatchObject({
      type: "ready",
      port,
    });
    const fromFlag = await runCli([...base, "--port", "0"], { env: { HOOKS_PORT: String(port) } });
    expect(JSON.parse(fromFlag.stdout.split("\n")[0] ?? "{}").port).not.toBe(port);
    const bad = await runCli(base, { env: { HOOKS_PORT: "not-a-port" } });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^hooks: invalid HOOKS_PORT "not-a-port": not a port/);
  });
});
