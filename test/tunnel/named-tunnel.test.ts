import { createServer, type Server } from "node:http";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TunnelStartError, type Tunnel } from "../../src/tunnel/cloudflared-process.js";
import { openNamedTunnel } from "../../src/tunnel/named-tunnel.js";
import { TunnelSupervisor } from "../../src/tunnel/tunnel-supervisor.js";
import { send } from "../listener/http-client.js";
import { FAKE_CLOUDFLARED, fakeEnv, freePort, tunnelToken } from "./fake.js";

let origin: Server;
let originUrl: string;
let dir: string;
let publicUrl: string;
let restore: (() => void) | undefined;
const cleanup: (() => Promise<void>)[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-named-"));
  origin = createServer((req, res) => res.end(`origin saw ${req.url}`));
  await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  restore = fakeEnv({
    FAKE_CLOUDFLARED_INGRESS: originUrl,
    FAKE_CLOUDFLARED_PUBLIC_PORT: String(port),
    FAKE_CLOUDFLARED_LOG: join(dir, "log"),
    FAKE_CLOUDFLARED_ENV: join(dir, "env.json"),
  });
});

afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
  restore?.();
  restore = undefined;
  await new Promise((resolve) => origin.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function open(token: string): Promise<Tunnel> {
  return openNamedTunnel({ bin: FAKE_CLOUDFLARED, token, publicUrl }).then((tunnel) => {
    cleanup.push(() => tunnel.close());
    return tunnel;
  });
}

describe("openNamedTunnel", () => {
  it("resolves the given public URL once a connection is registered, and the tunnel proxies there", async () => {
    const { token } = tunnelToken();
    const tunnel = await open(token);
    expect(await tunnel.url).toBe(publicUrl);
    const reply = await send(`${publicUrl}/hello`, { method: "GET" });
    expect(reply.body.toString()).toBe("origin saw /hello");
  });

  it("hands cloudflared the token in TUNNEL_TOKEN, never on its command line", async () => {
    const { token } = tunnelToken();
    await (
      await open(token)
    ).url;
    const log = await readFile(join(dir, "log"), "utf8");
    expect(log).toMatch(/argv=\["tunnel","--no-autoupdate","--grace-period","1s","run"\]/);
    expect(log).not.toContain(token);
    const env = JSON.parse(await readFile(join(dir, "env.json"), "utf8")) as Record<string, string>;
    expect(env.TUNNEL_TOKEN).toBe(token);
  });

  it("fails for good when cloudflared cannot parse the token", async () => {
    const tunnel = await open("not-a-token");
    const error = await tunnel.url.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TunnelStartError);
    expect((error as TunnelStartError).permanent).toBe(true);
    expect((error as Error).message).toMatch(/tunnel token is not valid: copy the whole token/);
    expect((await tunnel.exited).code).toBe(255);
  });

  it("fails at the edge's first refusal, with its reason, and may be retried", async () => {
    cleanup.push(async () => undo());
    const undo = fakeEnv({ FAKE_CLOUDFLARED_EDGE_KNOWS: tunnelToken().secret });
    const tunnel = await open(tunnelToken().token);
    const error = await tunnel.url.catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^Cloudflare refused the tunnel token: Unauthorized: Invalid tunnel secret/,
    );
    expect((error as TunnelStartError).permanent).toBe(false);
  });
});

describe("TunnelSupervisor with a named tunnel", () => {
  it("stops retrying a token cloudflared rejects as invalid", async () => {
    const supervisor = new TunnelSupervisor(originUrl, {
      bin: FAKE_CLOUDFLARED,
      backoffMs: [10],
      open: (_, options) => openNamedTunnel({ ...options, token: "garbage", publicUrl }),
    });
    cleanup.push(() => supervisor.close());
    let starts = 0;
    supervisor.on("starting", () => (starts += 1));
    const failed = new Promise<{ retryInMs: number | null }>((resolve) =>
      supervisor.on("failed", resolve),
    );
    expect(await supervisor.start()).toBeNull();
    expect((await failed).retryInMs).toBeNull();
    // A retry would have started within the 10 ms backoff; give it ten times that.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(starts).toBe(1);
  });
});
