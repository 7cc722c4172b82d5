import { appendFile, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EntrySummary } from "../../src/inspector/entry-summary.js";
import { startInspector, type Inspector } from "../../src/inspector/inspector.js";
import { startListenInspector } from "../../src/inspector/listen-inspector.js";
import { startListener, type Listener } from "../../src/listener/listener.js";
import { getProvider } from "../../src/providers/index.js";
import { EventStore } from "../../src/store/event-store.js";
import { send } from "../listener/http-client.js";
import { Receiver } from "./receiver.js";
import { SseClient } from "./sse-client.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const CLOVER_CODE = "c0ffee00-1234-4aaa-8bbb-0123456789ab";
const standard = getProvider("standard");

let dir: string;
let storePath: string;
let store: EventStore;
let listener: Listener;
let inspector: Inspector;
let receiver: Receiver;
const streams: SseClient[] = [];

async function start(options: { forwardTo?: string; secrets?: string[] } = {}): Promise<void> {
  const secrets = options.secrets ?? [SECRET, CLOVER_CODE];
  store = await EventStore.open(storePath);
  listener = await startListener({ store, port: 0, secrets });
  inspector = await startListenInspector(listener, {
    port: 0,
    fallbackPort: false,
    storePath,
    secrets,
    forwardTo: options.forwardTo,
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-inspector-"));
  storePath = join(dir, "events.jsonl");
  receiver = await Receiver.start();
});
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await inspector?.close();
  await listener?.close();
  await store?.close();
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

function api(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return send(`${inspector.url}${path}`, {
    method: options.method ?? "GET",
    headers: { "x-hooks-token": inspector.token, ...options.headers },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
}

async function json<T>(
  path: string,
  options: Parameters<typeof api>[1] = {},
): Promise<{ status: number; body: T }> {
  const reply = await api(path, options);
  return { status: reply.status, body: JSON.parse(reply.body.toString("utf8")) as T };
}

async function stream(): Promise<SseClient> {
  const client = await SseClient.open(`${inspector.url}/api/stream?token=${inspector.token}`);
  streams.push(client);
  return client;
}

async function postSigned(body: string, id: string): Promise<string> {
  const headers = {
    "content-type": "application/json",
    ...standard.sign({ body: Buffer.from(body), secret: SECRET, id }),
  };
  const reply = await send(`${listener.localUrl}/hooks`, { headers, body });
  expect(reply.status).toBe(200);
  return reply.headers["x-hooks-request-id"] as string;
}

const replayPost = (id: string, action: object, headers: Record<string, string> = {}) =>
  api(`/api/entries/${id}/replay`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(action),
  });

describe("the inspector server", () => {
  it("answers only requests addressed to localhost: another Host gets 403 (DNS rebinding)", async () => {
    await start();
    const page = await send(`${inspector.url}/`, { method: "GET" });
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.body.toString()).toContain(`content="${inspector.token}"`);
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    for (const host of ["evil.example", `evil.example:${inspector.port}`, "127.0.0.1.nip.io"]) {
      const refused = await send(`${inspector.url}/`, { method: "GET", headers: { host } });
      expect(refused.status, host).toBe(403);
      expect(refused.body.toString()).not.toContain(inspector.token);
      const apiRefused = await api("/api/history", { headers: { host } });
      expect(apiRefused.status, host).toBe(403);
    }
    const viaLocalhost = await send(`${inspector.url}/assets/app.js`, {
      method: "GET",
      headers: { host: `localhost:${inspector.port}` },
    });
    expect(viaLocalhost.status).toBe(200);
    expect(
      (await send(`${inspector.url}/assets/../../../package.json`, { method: "GET" })).status,
    ).toBe(404);
  });

  it("refuses every API call without the run's token, and a replay from another origin, sending nothing", async () => {
    await start();
    const id = await postSigned('{"type":"a"}', "msg_token");
    const action = JSON.stringify({ to: `${receiver.url}/app` });
    const noToken = await send(`${inspector.url}/api/entries/${id}/replay`, {
      headers: { "content-type": "application/json" },
      body: action,
    });
    expect(noToken.status).toBe(403);
    const wrongToken = await replayPost(
      id,
      { to: `${receiver.url}/app` },
      { "x-hooks-token": "x".repeat(inspector.token.length) },
    );
    expect(wrongToken.status).toBe(403);
    const crossOrigin = await replayPost(
      id,
      { to: `${receiver.url}/app` },
      { origin: "https://evil.example" },
    );
    expect(crossOrigin.status).toBe(403);
    const formPost = await api(`/api/entries/${id}/replay`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: action,
    });
    expect(formPost.status).toBe(415);
    expect((await send(`${inspector.url}/api/history`, { method: "GET" })).status).toBe(403);
    expect(receiver.received).toEqual([]);
  });

  it("streams the stored history first (across restarts), then each request as it is stored", async () => {
    // An earlier run's store: the inspector shows it before anything new arrives.
    await appendFile(
      storePath,
      `${JSON.stringify({ type: "request", id: "req_old", receivedAt: "2026-01-01T00:00:00.000Z", method: "POST", path: "/before", url: "", headers: {}, body: "", bodyEncoding: "utf8", bodyBytes: 0, provider: null, signature: { status: "unsigned", reason: "" }, response: { status: 200, durationMs: 0 } })}\n`,
    );
    await start();
    const events = await stream();
    const history = (await events.next("history")) as {
      entries: EntrySummary[];
      canResign: boolean;
      store: string;
    };
    expect(history.entries.map((entry) => entry.id)).toEqual(["req_old"]);
    expect(history.canResign).toBe(true);
    expect(history.store).toBe(storePath);
    const id = await postSigned('{"type":"invoice.paid"}', "msg_live");
    const live = (await events.next(
      "entry",
      (data) => (data as EntrySummary).id === id,
    )) as EntrySummary;
    expect(live).toMatchObject({
      method: "POST",
      path: "/hooks",
      provider: "standard",
      eventType: "invoice.paid",
      signature: "valid",
      status: 200,
    });
    const again = (await json<{ entries: EntrySummary[] }>("/api/history")).body;
    expect(again.entries.map((entry) => entry.id)).toEqual(["req_old", id]);
  });

  it("shows a request in full but never a secret: Clover's auth code and known secrets are masked", async () => {
    await start({ forwardTo: "http://127.0.0.1:3000/app" });
    const body = JSON.stringify({ merchants: {}, echo: SECRET });
    const reply = await send(`${listener.localUrl}/clover?x=1`, {
      headers: { "content-type": "application/json", "x-clover-auth": CLOVER_CODE },
      body,
    });
    const id = reply.headers["x-hooks-request-id"] as string;
    const { status, body: detail } = await json<{
      record: Record<string, unknown>;
      defaultTarget: string;
    }>(`/api/entries/${id}`);
    expect(status).toBe(200);
    const text = JSON.stringify(detail);
    expect(text).not.toContain(CLOVER_CODE);
    expect(text).not.toContain(SECRET);
    expect(detail.record).toMatchObject({
      id,
      provider: "clover",
      signature: { status: "valid" },
      path: "/clover?x=1",
    });
    expect(detail.defaultTarget).toBe("http://127.0.0.1:3000/app?x=1");
    const curl = await json<{ command: string }>(`/api/entries/${id}/curl`);
    expect(curl.body.command).not.toContain(CLOVER_CODE);
    expect((await json(`/api/entries/req_nope`)).status).toBe(404);
  });

  it("replays re-signed to a typed URL: the app gets a valid request, and the replay is a new entry", async () => {
    await start();
    const body = '{"type":"invoice.paid","n":1}';
    const id = await postSigned(body, "msg_replay");
    const events = await stream();
    await events.next("history");
    const reply = await replayPost(id, { to: `${receiver.url}/app`, resign: true });
    expect(reply.status).toBe(200);
    const outcome = JSON.parse(reply.body.toString()) as { entry: EntrySummary; status: number };
    expect(outcome.status).toBe(202);
    expect(outcome.entry).toMatchObject({
      replayOf: id,
      status: 202,
      target: `${receiver.url}/app`,
      provider: "standard",
    });
    const [got] = receiver.received;
    expect(got?.body.toString()).toBe(body);
    expect(got?.headers["webhook-id"]).toBe("msg_replay");
    expect(
      standard.verify({
        body: got?.body ?? Buffer.alloc(0),
        headers: got?.headers ?? {},
        secrets: [SECRET],
      }),
    ).toMatchObject({ valid: true });
    await events.next("entry", (data) => (data as EntrySummary).id === outcome.entry.id);
    const detail = await json<{ record: { headers: Record<string, string> } }>(
      `/api/entries/${outcome.entry.id}`,
    );
    expect(detail.body.record.headers["webhook-signature"]).toBe(got?.headers["webhook-signature"]);
    const history = (await json<{ entries: EntrySummary[] }>("/api/history")).body;
    expect(history.entries.map((entry) => entry.id)).toEqual([id, outcome.entry.id]);
    expect(
      (
        await json<{ ids: string[] }>(`/api/search?q=${encodeURIComponent('"n":1')}`)
      ).body.ids.sort(),
    ).toEqual([id, outcome.entry.id].sort());
  });

  it("shows exactly the headers a re-signed replay sent, when signing makes a fresh delivery id", async () => {
    // No webhook-id was captured, so Standard Webhooks' sign() makes one up: signing once for
    // the request and once for the entry would show a different id from the one sent.
    const body = '{"type":"invoice.paid"}';
    await appendFile(
      storePath,
      `${JSON.stringify({ type: "request", id: "req_noid", receivedAt: "2026-01-01T00:00:00.000Z", method: "POST", path: "/hooks", url: "", headers: { "content-type": "application/json" }, body, bodyEncoding: "utf8", bodyBytes: body.length, provider: "standard", signature: { status: "unsigned", reason: "" }, response: { status: 200, durationMs: 0 } })}\n`,
    );
    await start();
    const reply = await replayPost("req_noid", { to: `${receiver.url}/app`, resign: true });
    expect(reply.status).toBe(200);
    const outcome = JSON.parse(reply.body.toString()) as { entry: EntrySummary };
    const [got] = receiver.received;
    expect(got?.headers["webhook-id"]).toMatch(/^msg_/);
    const detail = await json<{ record: { headers: Record<string, string> } }>(
      `/api/entries/${outcome.entry.id}`,
    );
    for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"])
      expect(detail.body.record.headers[name], name).toBe(got?.headers[name]);
  });

  it("replays to the listener itself by default: it is captured there as a request, not listed twice", async () => {
    await start();
    const id = await postSigned('{"type":"self"}', "msg_self");
    const reply = await replayPost(id, {});
    const outcome = JSON.parse(reply.body.toString()) as { capturedAs: string; status: number };
    expect(outcome.status).toBe(200);
    expect(outcome.capturedAs).toMatch(/^req_/);
    expect(outcome.capturedAs).not.toBe(id);
    const history = (await json<{ entries: EntrySummary[] }>("/api/history")).body;
    expect(history.entries.map((entry) => entry.id)).toEqual([id, outcome.capturedAs]);
    expect(history.entries[1]).toMatchObject({ duplicateOf: id, signature: "valid" });
  });

  it("refuses a re-signed replay without a secret, and a target that is not http(s)", async () => {
    await start({ secrets: [] });
    const reply = await send(`${listener.localUrl}/x`, { body: "plain" });
    const id = reply.headers["x-hooks-request-id"] as string;
    expect((await replayPost(id, { resign: true })).status).toBe(400);
    expect((await replayPost(id, { to: "file:///etc/passwd" })).status).toBe(400);
    expect(receiver.received).toEqual([]);
  });

  it("takes a free port when the default one is busy, and says which flag to use otherwise", async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as { port: number }).port;
    const feed = { storePath, subscribe: () => () => {} };
    const replay = () => Promise.reject(new Error("unused"));
    try {
      const fallback = await startInspector({
        feed,
        replay,
        localUrl: "http://127.0.0.1:1",
        port,
        fallbackPort: true,
      });
      expect(fallback.port).not.toBe(port);
      await fallback.close();
      await fallback.close();
      await expect(
        startInspector({ feed, replay, localUrl: "http://127.0.0.1:1", port }),
      ).rejects.toThrow(/--inspect-port/);
    } finally {
      busy.close();
    }
  });
});
