import { createServer, type Server } from "node:http";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findCloudflared } from "../../src/tunnel/find-cloudflared.js";
import { openQuickTunnel, type QuickTunnel } from "../../src/tunnel/quick-tunnel.js";
import { TunnelSupervisor } from "../../src/tunnel/tunnel-supervisor.js";
import { send } from "../listener/http-client.js";
import { FAKE_CLOUDFLARED, fakeEnv } from "./fake.js";

let origin: Server;
let originUrl: string;
let dir: string;
let restore: (() => void) | undefined;
const cleanup: (() => Promise<void>)[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-tunnel-"));
  origin = createServer((req, res) =>
    res.end(`origin saw ${req.url} via ${req.headers["cf-connecting-ip"]}`),
  );
  await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
  restore?.();
  restore = undefined;
  await new Promise((resolve) => origin.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function open(mode: string, graceMs?: number): Promise<QuickTunnel> {
  restore = fakeEnv({ FAKE_CLOUDFLARED_MODE: mode, FAKE_CLOUDFLARED_LOG: join(dir, "log") });
  const tunnel = await openQuickTunnel(originUrl, {
    bin: FAKE_CLOUDFLARED,
    ...(graceMs === undefined ? {} : { graceMs }),
  });
  cleanup.push(() => tunnel.close());
  return tunnel;
}

describe("openQuickTunnel", () => {
  it("resolves the URL cloudflared prints once a connection is registered, and proxies to it", async () => {
    const tunnel = await open("ok");
    const url = await tunnel.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const reply = await send(`${url}/hello`, { method: "GET" });
    expect(reply.body.toString()).toBe("origin saw /hello via 203.0.113.7");
  });

  it("rejects with cloudflared's own error when it cannot start the tunnel", async () => {
    const tunnel = await open("fail");
    await expect(tunnel.url).rejects.toThrow(
      /before the tunnel was up.*failed to request quick Tunnel/,
    );
  });

  it("stops cloudflared with SIGINT, and close() is safe twice", async () => {
    const tunnel = await open("ok");
    await tunnel.url;
    await Promise.all([tunnel.close(), tunnel.close()]);
    await tunnel.close();
    expect((await tunnel.exited).code).toBe(0);
    expect(await readFile(join(dir, "log"), "utf8")).toMatch(/signal SIGINT/);
  });

  it("sends SIGKILL when cloudflared ignores SIGINT past the grace period", async () => {
    const tunnel = await open("stubborn", 200);
    await tunnel.url;
    await tunnel.close();
    expect((await tunnel.exited).signal).toBe("SIGKILL");
  });
});

describe("TunnelSupervisor", () => {
  it("restarts a dropped tunnel with backoff and tells the new URL and the old one", async () => {
    restore = fakeEnv({
      FAKE_CLOUDFLARED_MODE: "drop",
      FAKE_CLOUDFLARED_DROP_MS: "100",
      FAKE_CLOUDFLARED_STATE: join(dir, "runs"),
    });
    const supervisor = new TunnelSupervisor(originUrl, { bin: FAKE_CLOUDFLARED, backoffMs: [50] });
    cleanup.push(() => supervisor.close());
    const events: string[] = [];
    const second = new Promise<{ url: string; previousUrl?: string }>((resolve) => {
      supervisor.on("up", (info) => (info.restart ? resolve(info) : undefined));
    });
    supervisor.on("down", ({ retryInMs }) => events.push(`down ${retryInMs}`));
    const first = await supervisor.start();
    expect(first).toMatch(/^http:/);
    const restarted = await second;
    expect(restarted.previousUrl).toBe(first);
    expect(restarted.url).not.toBe(first);
    expect(supervisor.url).toBe(restarted.url);
    expect(events).toEqual(["down 50"]);
  });

  it("reports a failed start and retries", async () => {
    restore = fakeEnv({ FAKE_CLOUDFLARED_MODE: "fail" });
    const supervisor = new TunnelSupervisor(originUrl, { bin: FAKE_CLOUDFLARED, backoffMs: [20] });
    cleanup.push(() => supervisor.close());
    let starts = 0;
    const retried = new Promise<void>((resolve) =>
      supervisor.on("starting", () => (++starts === 2 ? resolve() : undefined)),
    );
    const failures: string[] = [];
    supervisor.on("failed", ({ message }) => failures.push(message));
    expect(await supervisor.start()).toBeNull();
    await retried;
    expect(failures[0]).toMatch(/failed to request quick Tunnel/);
  });
});

describe("findCloudflared", () => {
  it("prefers CLOUDFLARED_BIN, then the package's path, then PATH", () => {
    expect(findCloudflared("/nope", { CLOUDFLARED_BIN: FAKE_CLOUDFLARED })).toEqual({
      found: true,
      path: FAKE_CLOUDFLARED,
    });
    expect(findCloudflared(FAKE_CLOUDFLARED, { PATH: "" })).toEqual({
      found: true,
      path: FAKE_CLOUDFLARED,
    });
    const onPath = findCloudflared("/nope", { PATH: join(FAKE_CLOUDFLARED, "..") });
    expect(onPath).toEqual({ found: true, path: FAKE_CLOUDFLARED });
  });

  it("skips the npm package's JavaScript CLI that npx puts on PATH", () => {
    // node_modules/.bin/cloudflared -> ../cloudflared/lib/cloudflared.js: not the binary.
    const npmBin = fileURLToPath(new URL("../../node_modules/.bin", import.meta.url));
    expect(findCloudflared("/nope", { PATH: npmBin }).found).toBe(false);
    const both = findCloudflared("/nope", {
      PATH: [npmBin, join(FAKE_CLOUDFLARED, "..")].join(delimiter),
    });
    expect(both).toEqual({ found: true, path: FAKE_CLOUDFLARED });
  });

  it("says what to do when there is none", () => {
    const missing = findCloudflared("/nope/cloudflared", { PATH: "/nowhere" });
    expect(missing.found).toBe(false);
    expect(!missing.found && missing.message).toMatch(/hooks tunnel install.*--tunnel none/);
    const broken = findCloudflared("/nope", { CLOUDFLARED_BIN: "/missing/cf" });
    expect(!broken.found && broken.message).toMatch(/CLOUDFLARED_BIN is \/missing\/cf/);
  });
});
