import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createForwarder } from "../../src/listener/forward.js";
import { startListener, type Listener, type ListenerOptions } from "../../src/listener/listener.js";
import { getProvider } from "../../src/providers/index.js";
import { standard } from "../../src/providers/standard.js";
import { recordBody, type RequestRecord } from "../../src/store/event-store-record.js";
import { send, sendRaw } from "./http-client.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
let listener: Listener | undefined;
let app: Server | undefined;

/** A store in memory that records lines in the order they were appended. */
function memoryStore() {
  const lines: string[] = [];
  return {
    lines,
    records: () => lines.map((line) => JSON.parse(line) as RequestRecord),
    append: (line: string, done: (error: Error | null) => void) => {
      lines.push(line);
      done(null);
    },
  };
}

async function start(options: Partial<ListenerOptions> = {}) {
  const store = memoryStore();
  listener = await startListener({ store, port: 0, ...options });
  return { store, url: listener.localUrl, listener };
}

afterEach(async () => {
  await listener?.close();
  listener = undefined;
  await new Promise((resolve) => (app ? app.close(resolve) : resolve(undefined)));
  app = undefined;
});

describe("listener", () => {
  it("keeps any method, path and query, and the raw body byte for byte", async () => {
    const { store, url } = await start();
    const invalidUtf8 = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x7d]);
    const text = Buffer.from('{"a": "é ☃ 😀",\r\n "b": 1}\n');
    expect((await send(`${url}/x/y?z=1&z=2`, { method: "PATCH", body: invalidUtf8 })).status).toBe(
      200,
    );
    expect((await send(`${url}/t`, { method: "PUT", body: text })).status).toBe(200);
    expect((await send(`${url}/empty`, { method: "DELETE" })).status).toBe(200);
    const [binary, utf8, empty] = store.records();
    expect(binary).toMatchObject({ method: "PATCH", path: "/x/y?z=1&z=2", bodyEncoding: "base64" });
    expect(recordBody(binary!).equals(invalidUtf8)).toBe(true);
    expect(utf8).toMatchObject({ bodyEncoding: "utf8", body: text.toString("utf8") });
    expect(recordBody(utf8!).equals(text)).toBe(true);
    expect(empty).toMatchObject({ method: "DELETE", body: "", bodyBytes: 0 });
  });

  it("stores the request before it answers it", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const lines: string[] = [];
    const store = {
      append: (line: string, done: (error: Error | null) => void) =>
        void gate.then(() => {
          lines.push(line);
          done(null);
        }),
    };
    listener = await startListener({ store, port: 0 });
    let answered = false;
    const reply = send(`${listener.localUrl}/a`, { body: "x" }).then((r) => ((answered = true), r));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    release();
    const { headers } = await reply;
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).id).toBe(headers["x-hooks-request-id"]);
  });

  it("answers 500 when the request cannot be stored, so the sender retries", async () => {
    const store = {
      append: (_line: string, done: (error: Error | null) => void) =>
        done(new Error("ENOSPC: no space left on device")),
    };
    listener = await startListener({ store, port: 0 });
    const errors: string[] = [];
    listener.on("store-error", (info) => errors.push(info.message));
    const reply = await send(`${listener.localUrl}/a`, { body: "x" });
    expect(reply.status).toBe(500);
    expect(reply.body.toString()).toMatch(/ENOSPC/);
    expect(errors[0]).toMatch(/could not store/);
  });

  it("answers with --status and says so in the record", async () => {
    const { store, url } = await start({ status: 503 });
    expect((await send(url, { body: "x" })).status).toBe(503);
    expect(store.records()[0]!.response?.status).toBe(503);
  });

  it("checks signatures: valid, invalid with the reason, unsigned, unchecked without a secret", async () => {
    const { store, url } = await start({ secrets: [SECRET] });
    const body = Buffer.from('{"type":"invoice.paid"}');
    const good = standard.sign({ body, secret: SECRET, id: "msg_1" });
    await send(url, { headers: good, body });
    await send(url, { headers: { ...good, "webhook-id": "msg_2" }, body });
    await send(url, { body });
    const [valid, invalid, unsigned] = store.records();
    expect(valid).toMatchObject({
      provider: "standard",
      eventType: "invoice.paid",
      eventId: "msg_1",
      signature: { status: "valid" },
    });
    expect(invalid!.signature).toMatchObject({
      status: "invalid",
      reason: expect.stringMatching(/no signature matched/),
    });
    expect(unsigned).toMatchObject({ provider: null, signature: { status: "unsigned" } });

    await listener?.close();
    const noSecret = await start();
    await send(noSecret.url, { headers: good, body });
    expect(noSecret.store.records()[0]!.signature.status).toBe("unchecked");
  });

  it("marks a redelivered event id, and else a repeated body, as a duplicate", async () => {
    const { store, url } = await start({ secrets: [SECRET] });
    const body = Buffer.from('{"type":"x"}');
    const headers = standard.sign({ body, secret: SECRET, id: "msg_same" });
    await send(url, { headers, body });
    await send(url, { headers, body });
    await send(url, { body: "plain" });
    await send(url, { body: "plain" });
    await send(url, { body: "other" });
    const records = store.records();
    expect(records[1]!.duplicateOf).toBe(records[0]!.id);
    expect(records[3]!.duplicateOf).toBe(records[2]!.id);
    expect(records[4]!.duplicateOf).toBeUndefined();
  });

  it("catches Clover's verification POST and its code", async () => {
    const { store, url } = await start();
    const arrivals: string[] = [];
    listener!.on("request", (arrival) => arrivals.push(arrival.verificationCode ?? ""));
    await send(url, { body: '{"verificationCode":"5220ecf5-7dea-4396-b0ba-a1659c182887"}' });
    expect(store.records()[0]).toMatchObject({
      provider: "clover",
      verificationCode: "5220ecf5-7dea-4396-b0ba-a1659c182887",
    });
    expect(arrivals).toEqual(["5220ecf5-7dea-4396-b0ba-a1659c182887"]);
  });

  it("checks Square against the public URL through a tunnel and the local URL otherwise", async () => {
    const square = getProvider("square");
    const publicUrl = "https://abc-def.trycloudflare.com";
    const { store, url } = await start({ secrets: ["sq-key"], publicUrl: () => publicUrl });
    const body = Buffer.from('{"type":"payment.created","event_id":"e1"}');
    const viaTunnel = square.sign({ body, secret: "sq-key", url: `${publicUrl}/sq?a=1` });
    await send(`${url}/sq?a=1`, {
      headers: { ...viaTunnel, "cf-connecting-ip": "203.0.113.7" },
      body,
    });
    const local = square.sign({ body, secret: "sq-key", url: `${url}/sq` });
    await send(`${url}/sq`, { headers: local, body });
    const [tunnelled, direct] = store.records();
    expect(tunnelled).toMatchObject({ url: `${publicUrl}/sq?a=1`, signature: { status: "valid" } });
    expect(direct).toMatchObject({ url: `${url}/sq`, signature: { status: "valid" } });
  });

  it("refuses a body over --max-body with 413, declared or chunked, and keeps going", async () => {
    const { store, url } = await start({ maxBodyBytes: 1024 });
    expect((await send(url, { body: Buffer.alloc(2048, 0x61) })).status).toBe(413);
    const chunked = await sendRaw(
      listener!.port,
      `POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n${"b".repeat(2048)}\r\n0\r\n\r\n`,
    );
    expect(chunked).toMatch(/^HTTP\/1\.1 413/);
    expect((await send(url, { body: Buffer.alloc(1024, 0x61) })).status).toBe(200);
    expect(store.records().map((r) => r.response?.status)).toEqual([413, 413, 200]);
    expect(store.records()[0]!.bodyBytes).toBe(2048);
  });

  it("answers 400 to a garbage request line and 408 to a client too slow with its headers", async () => {
    const { url } = await start({ headersTimeoutMs: 300 });
    const errors: number[] = [];
    listener!.on("client-error", (info) => errors.push(info.status));
    expect(await sendRaw(listener!.port, "GARBAGE\r\n\r\n")).toMatch(/^HTTP\/1\.1 400/);
    expect(await sendRaw(listener!.port, "POST / HTTP/1.1\r\nHost: x\r\n", { end: false })).toMatch(
      /^HTTP\/1\.1 408/,
    );
    expect(errors).toEqual([400, 408]);
    expect((await send(url, { body: "still here" })).status).toBe(200);
  });

  it("waits --delay before answering", async () => {
    const { store, url } = await start({ delayMs: 120 });
    await send(url, { body: "x" });
    expect(store.records()[0]!.response?.durationMs).toBeGreaterThanOrEqual(100);
  });
});

describe("forwarding", () => {
  async function startApp(handler: Parameters<typeof createServer>[1]): Promise<string> {
    app = createServer(handler);
    await new Promise<void>((resolve) => app!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  }

  it("passes raw body and end-to-end headers to the app and answers with the app's response", async () => {
    const seen: { url?: string; headers?: Record<string, unknown>; body?: Buffer } = {};
    const appUrl = await startApp((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        Object.assign(seen, { url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(201, { "x-app": "yes", "content-type": "text/plain" });
        res.end("created");
      });
    });
    const { store, url } = await start({
      forwardTo: `${appUrl}/webhooks`,
      forwarder: await createForwarder(),
    });
    const body = Buffer.from([0x01, 0xff, 0x02]);
    const reply = await send(`${url}/in?x=1`, {
      headers: { "x-custom": "v", "keep-alive": "timeout=5", connection: "keep-alive" },
      body,
    });
    expect(reply.status).toBe(201);
    expect(reply.headers["x-app"]).toBe("yes");
    expect(reply.body.toString()).toBe("created");
    expect(seen.url).toBe("/webhooks?x=1");
    expect(seen.body?.equals(body)).toBe(true);
    expect(seen.headers?.["x-custom"]).toBe("v");
    expect(seen.headers?.["keep-alive"]).toBeUndefined();
    expect(store.records()[0]!.forward).toMatchObject({
      url: `${appUrl}/webhooks?x=1`,
      status: 201,
    });
  });

  it("answers 502 with a clear reason when the app is down, and goes on", async () => {
    const appUrl = await startApp(() => {});
    await new Promise((resolve) => app!.close(resolve));
    app = undefined;
    const { store, url } = await start({ forwardTo: appUrl, forwarder: await createForwarder() });
    const reply = await send(`${url}/a`, { body: "x" });
    expect(reply.status).toBe(502);
    expect(reply.body.toString()).toMatch(/connection refused/);
    expect(store.records()[0]!.forward?.error).toMatch(/is your app running/);
    expect((await send(`${url}/b`, { body: "y" })).status).toBe(502);
  });
});
