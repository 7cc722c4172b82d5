import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli, type RunOptions } from "../helpers/cli.js";

/** The fix every URL error suggests. */
const SUGGESTION =
  /; expected a URL such as http:\/\/localhost:3000\/webhooks or a port such as 3000$/;

/** One line on stderr, exit 2, no stack trace. */
function expectUsageError(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(2);
  const lines = result.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(lines[0]).toMatch(SUGGESTION);
}

/**
 * A receiver bound where `localhost` resolves first, so that `3000` and `localhost:3000/x`
 * (http://localhost:…) reach it whichever address family the machine prefers.
 */
let server: Server;
let port = 0;
const paths: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      paths.push(req.url ?? "");
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("one URL rule for every URL the user types (built binary)", () => {
  let dir = "";
  let env: RunOptions["env"] = {};
  const hooks = (args: string[], options: RunOptions = {}) =>
    runCli(args, { ...options, env: { ...env, ...options.env } });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "hooks-e2e-urls-"));
    env = { HOOKS_CONFIG_DIR: join(dir, "cfg"), HOOKS_URL: undefined, HOOKS_FORWARD_TO: undefined };
    paths.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const ping = ["--provider", "github", "--secret", "s", "--event", "ping"];

  it("hooks send takes host:port/path and a bare port, as --forward-to does", async () => {
    const hostPort = await hooks(["send", `localhost:${port}/webhooks`, ...ping]);
    expect(hostPort.stderr).toBe("");
    expect(hostPort.code).toBe(0);
    const bare = await hooks(["send", String(port), ...ping]);
    expect(bare.code).toBe(0);
    expect(paths).toEqual(["/webhooks", "/"]);
  });

  it("HOOKS_URL follows the same rule", async () => {
    const result = await hooks(["send", ...ping], {
      env: { HOOKS_URL: `localhost:${port}/from-env` },
    });
    expect(result.code).toBe(0);
    expect(paths).toEqual(["/from-env"]);
  });

  it("hooks config set and hooks init save the URL in its full form", async () => {
    expect((await hooks(["config", "set", "forwardTo", "3000"])).code).toBe(0);
    expect((await hooks(["config", "get", "forwardTo"])).stdout).toBe("http://localhost:3000\n");
    const init = await hooks([
      "init",
      "--provider",
      "github",
      "--url",
      "localhost:3000/webhooks",
      "--json",
    ]);
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    expect((await hooks(["config", "get", "url"])).stdout).toBe("http://localhost:3000/webhooks\n");
    // What was saved is read back as it is: the profile's URL takes hooks send to the receiver.
    expect((await hooks(["config", "set", "url", `localhost:${port}/saved`])).code).toBe(0);
    expect((await hooks(["send", ...ping])).code).toBe(0);
    expect(paths).toEqual(["/saved"]);
  });

  it("hooks events replay --to takes a bare port", async () => {
    const store = join(dir, "events.jsonl");
    const record = {
      id: "req_one",
      receivedAt: new Date().toISOString(),
      method: "POST",
      path: "/captured",
      headers: { "content-type": "application/json" },
      body: "{}",
      bodyEncoding: "utf8",
      provider: null,
      signature: { status: "unsigned" },
      response: { status: 200 },
    };
    writeFileSync(store, `${JSON.stringify(record)}\n`);
    const result = await hooks([
      "events",
      "replay",
      "req_one",
      "--store",
      store,
      "--to",
      String(port),
    ]);
    expect(result.code).toBe(0);
    expect(paths).toEqual(["/"]);
  });

  it("rejects anything else in one line naming where it came from, what is wrong and the fix", async () => {
    expectUsageError(
      await hooks(["send", "ftp://example.com/x", ...ping]),
      /^hooks: invalid URL of hooks send "ftp:\/\/example\.com\/x": ftp:\/\/ is not http:\/\/ or https:\/\//,
    );
    expectUsageError(
      await hooks(["send", ...ping], { env: { HOOKS_URL: "localhost:" } }),
      /^hooks: invalid HOOKS_URL "localhost:": the port after the colon is missing/,
    );
    expectUsageError(
      await hooks(["listen", "--tunnel", "none", "--forward-to", "local host:3000"]),
      /^hooks: invalid --forward-to "local host:3000": it contains a space/,
    );
    expectUsageError(
      await hooks(["events", "replay", "req_x", "--to", "70000"]),
      /^hooks: invalid --to "70000": port 70000 is out of range 1\.\.65535/,
    );
    expectUsageError(
      await hooks(["config", "set", "publicUrl", "localhost:http"]),
      /^hooks: invalid publicUrl "localhost:http": port "http" is not a number/,
    );
    expectUsageError(
      await hooks(["init", "--provider", "github", "--url", "localhost:"]),
      /^hooks: invalid --url "localhost:": the port after the colon is missing/,
    );
    // A profile edited by hand: the origin names the profile and the key.
    mkdirSync(join(dir, "cfg"), { recursive: true });
    writeFileSync(
      join(dir, "cfg", "config.json"),
      JSON.stringify({ profiles: { work: { url: "http://localhost:/x" } } }),
    );
    expectUsageError(
      await hooks(["send", "--profile", "work", ...ping]),
      /^hooks: invalid profile "work" url "http:\/\/localhost:\/x": the port after the colon is missing/,
    );
  });
});
