import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { listenerReplay } from "../../src/inspector/listener-replay.js";
import type { RequestRecord } from "../../src/store/event-store-record.js";
import { runCli } from "../helpers/cli.js";
import { ForwardProxy } from "../helpers/forward-proxy.js";
import { Receiver } from "../inspector/receiver.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";
import { capturedRecord } from "../helpers/captured-record.js";

// Forwarding, `hooks events replay` and the inspector's replay go out through HTTP_PROXY and
// around it for NO_PROXY hosts, as `hooks send` does (test/e2e/send.test.ts): one HTTP client.
const BODY = '{"type":"invoice.paid"}';
const RECORD: RequestRecord = capturedRecord({
  id: "req_proxy",
  path: "/hooks",
  url: "",
  body: BODY,
  signature: { status: "unsigned", reason: "no signature header" },
  response: { status: 200, durationMs: 0 },
});
/** Through the proxy: no NO_PROXY from the machine running the tests. */
const VIA = (proxy: ForwardProxy) => ({
  HTTP_PROXY: proxy.url,
  NO_PROXY: undefined,
  no_proxy: undefined,
});
const AROUND = (proxy: ForwardProxy) => ({
  HTTP_PROXY: proxy.url,
  NO_PROXY: "127.0.0.1",
  no_proxy: undefined,
});

let dir: string;
let app: Receiver;
let proxy: ForwardProxy;
let listening: ListenProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-proxy-"));
  app = await Receiver.start();
  proxy = await ForwardProxy.start();
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await listening?.stop("SIGKILL");
  listening = undefined;
  await app.close();
  await proxy.close();
  await rm(dir, { recursive: true, force: true });
});

const appHost = () => new URL(app.url).host;

describe("HTTP_PROXY and NO_PROXY", () => {
  it("hooks events replay goes through the proxy, and around it for a NO_PROXY host", async () => {
    const store = join(dir, "events.jsonl");
    await writeFile(store, `${JSON.stringify(RECORD)}\n`);
    const replay = (env: Record<string, string | undefined>) =>
      runCli(
        ["events", "replay", RECORD.id, "--store", store, "--to", `${app.url}/app`, "--json"],
        {
          env: { ...env, XDG_CONFIG_HOME: dir },
        },
      );

    const via = await replay(VIA(proxy));
    expect(via.stderr).toBe("");
    expect(JSON.parse(via.stdout)).toMatchObject({ ok: true, status: 202 });
    expect(proxy.targets).toEqual([appHost()]);

    expect((await replay(AROUND(proxy))).code).toBe(0);
    expect(proxy.targets).toHaveLength(1);
    expect(app.received.map((request) => request.body.toString())).toEqual([BODY, BODY]);
  });

  it("hooks listen --forward-to goes through the proxy, and around it for a NO_PROXY host", async () => {
    for (const env of [VIA(proxy), AROUND(proxy)]) {
      listening = ListenProcess.start(
        [
          "--json",
          "--tunnel",
          "none",
          "--port",
          "0",
          "--store",
          join(dir, "events.jsonl"),
          "--forward-to",
          app.url,
        ],
        { ...env, XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir },
      );
      const { localUrl } = await listening.ready();
      const reply = await send(`${String(localUrl)}/hooks`, { body: BODY });
      expect(reply.status).toBe(202);
      await listening.stop();
    }
    expect(proxy.targets).toEqual([appHost()]);
    expect(app.received).toHaveLength(2);
  });

  it("the inspector's replay goes through the proxy, and around it for a NO_PROXY host", async () => {
    const replay = listenerReplay([]);
    for (const env of [VIA(proxy), AROUND(proxy)]) {
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
      const outcome = await replay(RECORD, { to: `${app.url}/app`, resign: false });
      expect(outcome).toMatchObject({ status: 202, error: null });
    }
    expect(proxy.targets).toEqual([appHost()]);
    expect(app.received).toHaveLength(2);
  });
});
