import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { standard } from "../../src/providers/standard.js";
import { runCli } from "../helpers/cli.js";
import { FlakyApp } from "../helpers/flaky-app.js";
import { send } from "../listener/http-client.js";
import { ListenProcess, type JsonLine } from "../listener/listen-process.js";

let dir: string;
let store: string;
let app: FlakyApp;
const running: ListenProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-hold-e2e-"));
  store = join(dir, "events.jsonl");
  app = await FlakyApp.onFreePort();
});
afterEach(async () => {
  for (const child of running.splice(0)) await child.stop("SIGKILL");
  await app.stop();
  await rm(dir, { recursive: true, force: true });
});

function listen(args: string[]): ListenProcess {
  const child = ListenProcess.start(
    ["--tunnel", "none", "--port", "0", "--no-inspect", "--store", store, ...args],
    { XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir },
  );
  running.push(child);
  return child;
}

async function lines(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const redeliveries = (child: ListenProcess): JsonLine[] =>
  child.lines.filter((line) => line.type === "redelivery");

describe("hooks listen --hold", { timeout: 40_000 }, () => {
  it("answers 202 while the app is down and redelivers in arrival order once it is back", async () => {
    const child = listen(["--forward-to", app.url, "--hold", "--json"]);
    const { localUrl } = (await child.ready()) as JsonLine & { localUrl: string };

    const held = [];
    for (const n of [1, 2, 3]) held.push(await send(`${localUrl}/hook`, { body: `{"n":${n}}` }));
    expect(held.map((reply) => reply.status)).toEqual([202, 202, 202]);
    expect(held[0]?.body.toString()).toMatch(/held \(nothing is listening at/);
    // The later ones were not tried: older ones were waiting.
    expect(held[1]?.body.toString()).toMatch(/held \(1 older request\(s\) are held\)/);

    await app.start();
    await child.waitFor(() => redeliveries(child).length === 3);
    expect(app.received.map((request) => request.body)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(app.received.every((request) => request.url === "/hook")).toBe(true);
    const requests = child.lines.filter((line) => line.type === "request");
    expect(redeliveries(child).map((line) => [line.id, line.status])).toEqual(
      requests.map((line) => [line.id, 200]),
    );

    // Nothing pending: the next request goes straight to the app, and the app's answer back.
    const direct = await send(`${localUrl}/hook`, { body: '{"n":4}' });
    expect([direct.status, direct.body.toString()]).toEqual([200, "app says 200"]);

    expect(await child.stop("SIGINT")).toBe(0);
    const stored = await lines(store);
    expect(
      stored.map((record) => (record.hold as { status?: string } | undefined)?.status),
    ).toEqual(["pending", "pending", "pending", undefined]);
    const outcomes = await lines(`${store}.redeliveries`);
    expect(outcomes.map((line) => [line.id, line.status, line.by])).toEqual(
      requests.map((line) => [line.id, 200, "listen --hold"]),
    );
    const summary = child.lines.find((line) => line.type === "summary");
    expect(summary?.pending).toBe(0);
    expect(summary?.redelivered).toBe(3);
  });

  it("holds on a 5xx from the app, and keeps later arrivals behind the held ones", async () => {
    app.status = 503;
    await app.start();
    const child = listen(["--forward-to", `${app.url}/in`, "--hold", "--json"]);
    const { localUrl } = (await child.ready()) as JsonLine & { localUrl: string };

    const first = await send(`${localUrl}/a`, { body: "first" });
    expect(first.status).toBe(202);
    expect(first.body.toString()).toMatch(/the app answered 503/);
    app.status = 200;
    // Arrives while "first" waits: held without trying the app, so the app sees "first" first.
    const second = await send(`${localUrl}/b`, { body: "second" });
    expect(second.status).toBe(202);

    await child.waitFor(() => redeliveries(child).length === 2);
    expect(app.received.map((request) => request.body)).toEqual(["first", "first", "second"]);
    expect(app.received.map((request) => request.url)).toEqual(["/in", "/in", "/in"]);
  });

  it("on Ctrl-C says what is still held; the next --hold run redelivers it first", async () => {
    const child = listen(["--forward-to", app.url, "--hold"]);
    await child.waitForText(/Ready!/);
    const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(child.stdout)?.[1];
    const reply = await send(`http://127.0.0.1:${port}/late`, { body: "kept" });
    expect(reply.status).toBe(202);
    await child.waitForText(/<--\s+202 .*held: redelivered once your app answers/);

    expect(await child.stop("SIGINT")).toBe(0);
    expect(child.stdout).toMatch(
      /1 request\(s\) still held \(stored, pending\): send them with `hooks events replay --failed`/,
    );

    await app.start();
    const again = listen(["--forward-to", app.url, "--hold", "--json"]);
    const restored = await again.waitFor((line) => line.type === "hold");
    expect(restored).toMatchObject({ status: "restored", pending: 1 });
    const redelivery = await again.waitFor((line) => line.type === "redelivery");
    expect(redelivery.status).toBe(200);
    expect(app.received.map((request) => [request.url, request.body])).toEqual([["/late", "kept"]]);
    await again.stop("SIGINT");

    // Delivered once: a third run has nothing left to redeliver.
    const third = listen(["--forward-to", app.url, "--hold", "--json"]);
    await third.ready();
    expect(await third.stop("SIGINT")).toBe(0);
    expect(third.lines.some((line) => line.type === "hold")).toBe(false);
    expect(app.received).toHaveLength(1);
  });

  it("--resign signs each redelivery afresh: the app sees a current timestamp that verifies", async () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const child = listen([
      "--forward-to",
      app.url,
      "--hold",
      "--resign",
      "--secret",
      secret,
      "--json",
    ]);
    const { localUrl } = (await child.ready()) as JsonLine & { localUrl: string };
    const body = '{"type":"invoice.paid"}';
    // Signed 4 minutes ago: still inside the 5-minute tolerance as it arrives, held, then sent on.
    const signedAt = Math.floor(Date.now() / 1000) - 240;
    const headers = standard.sign({
      body: Buffer.from(body),
      secret,
      id: "msg_held",
      timestamp: signedAt,
    });
    expect((await send(`${localUrl}/hook`, { headers, body })).status).toBe(202);

    await app.start();
    await child.waitFor(() => redeliveries(child).length === 1);
    const received = app.received[0]!;
    expect(received.headers["webhook-id"]).toBe("msg_held");
    expect(Number(received.headers["webhook-timestamp"])).toBeGreaterThan(signedAt);
    const check = standard.verify({
      body: Buffer.from(received.body),
      headers: received.headers as Record<string, string>,
      secrets: [secret],
    });
    expect(check.valid).toBe(true);
    expect(received.headers["webhook-signature"]).not.toBe(headers["webhook-signature"]);
  });

  it("--resign without --hold, or without a secret, is a usage error", async () => {
    const base = ["listen", "--tunnel", "none", "--store", store, "--forward-to", app.url];
    const alone = await runCli([...base, "--resign", "--secret", "s"]);
    expect([alone.code, alone.stderr.trim()]).toEqual([
      2,
      "hooks: --resign re-signs what --hold redelivers: add --hold",
    ]);
    const unsigned = await runCli([...base, "--hold", "--resign"]);
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toMatch(/--resign needs the secret to sign with/);
  });

  it("is a usage error without a forward target", async () => {
    const result = await runCli(["listen", "--hold", "--tunnel", "none", "--store", store]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--hold needs a forward target: add --forward-to <url>/);
  });
});
