import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { Receiver } from "../inspector/receiver.js";
import { send } from "../listener/http-client.js";
import { ListenProcess, type JsonLine } from "../listener/listen-process.js";

let dir: string;
let apps: Receiver[] = [];
let procs: ListenProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-routes-e2e-"));
});
afterEach(async () => {
  await Promise.all(procs.map((proc) => proc.stop()));
  await Promise.all(apps.map((app) => app.close()));
  procs = [];
  apps = [];
  await rm(dir, { recursive: true, force: true });
});

async function app(status = 202): Promise<Receiver> {
  const receiver = await Receiver.start();
  receiver.status = status;
  apps.push(receiver);
  return receiver;
}

function listen(args: string[], env: Record<string, string | undefined> = {}): ListenProcess {
  const proc = ListenProcess.start(
    ["--tunnel", "none", "--port", "0", "--no-inspect", "--store", join(dir, "s.jsonl"), ...args],
    env,
  );
  procs.push(proc);
  return proc;
}

const port = (receiver: Receiver): string => new URL(receiver.url).port;

/** Sends and waits for its `request` line (matched by the id the listener answered with). */
async function deliver(
  proc: ListenProcess,
  url: string,
  headers: Record<string, string>,
  body = '{"id":"evt"}',
): Promise<{ status: number; text: string; line: JsonLine }> {
  const reply = await send(url, {
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  const id = String(reply.headers["x-hooks-request-id"]);
  const line = await proc.waitFor((l) => l.type === "request" && l.id === id);
  return { status: reply.status, text: reply.body.toString(), line };
}

describe("hooks listen --forward-to with rules", () => {
  it("sends each request to the first rule that matches, else the catch-all, and names the route", async () => {
    const [square, github, orders, rest] = [
      await app(201),
      await app(202),
      await app(203),
      await app(204),
    ];
    const proc = listen([
      "--json",
      "--forward-to",
      `${rest.url}/rest`,
      "--forward-to",
      `square=${square.url}/sq`,
      "--forward-to",
      `/github/*=:${port(github)}`,
      "--forward-to",
      `orders/*=${orders.url}`,
    ]);
    const base = String((await proc.ready()).localUrl);

    const toSquare = await deliver(
      proc,
      `${base}/anything`,
      {
        "x-square-hmacsha256-signature": "c2ln",
      },
      '{"type":"payment.created","event_id":"e1"}',
    );
    expect(toSquare.status).toBe(201);
    expect(toSquare.line).toMatchObject({ route: "square", provider: "square" });
    expect(square.received.at(-1)?.path).toBe("/sq");

    const toGithub = await deliver(proc, `${base}/github/app?x=1`, { "x-github-event": "ping" });
    expect(toGithub.status).toBe(202);
    expect(toGithub.line).toMatchObject({ route: "/github/*" });
    // A bare origin takes each request at its own path and query.
    expect(github.received.at(-1)?.path).toBe("/github/app?x=1");

    const toOrders = await deliver(proc, `${base}/shop`, { "x-shopify-topic": "orders/create" });
    expect(toOrders.status).toBe(203);
    expect(toOrders.line).toMatchObject({ route: "orders/*", eventType: "orders/create" });
    const notOrders = await deliver(proc, `${base}/shop`, { "x-shopify-topic": "products/update" });
    expect(notOrders.line).toMatchObject({ route: "*" });

    const toRest = await deliver(proc, `${base}/else`, {});
    expect(toRest.status).toBe(204);
    expect(toRest.line).toMatchObject({
      route: "*",
      forward: { url: `${rest.url}/rest`, status: 204 },
    });
    expect(rest.received.map((r) => r.path)).toEqual(["/rest", "/rest"]);

    expect(await proc.stop()).toBe(0);
    // The route is stored with the request, as the line shows it.
    const stored = (await readFile(join(dir, "s.jsonl"), "utf8")).trim().split("\n");
    expect(stored.map((l) => (JSON.parse(l) as { route: string }).route)).toEqual([
      "square",
      "/github/*",
      "orders/*",
      "*",
      "*",
    ]);
  });

  it("answers itself when no rule matches and there is no catch-all, and says so", async () => {
    const square = await app(201);
    const json = listen(["--json", "--status", "299", "--forward-to", `square=${square.url}`]);
    const base = String((await json.ready()).localUrl);
    const unrouted = await deliver(json, `${base}/x`, { "x-github-event": "ping" });
    expect(unrouted.status).toBe(299);
    expect(unrouted.line.route).toBeNull();
    expect(unrouted.line.forward).toBeUndefined();
    expect(square.received).toHaveLength(0);

    const human = listen(["--forward-to", `square=${square.url}/sq`]);
    await human.waitForText(/Ready!/);
    expect(human.stdout).toMatch(/forward\s+square -> http:\/\/127\.0\.0\.1:\d+\/sq/);
    const local = /listening on (http:\/\/\S+)/.exec(human.stdout)?.[1] ?? "";
    await send(`${local}/x`, { body: "{}" });
    await human.waitForText(/<-- 200/);
    expect(human.stdout).toMatch(/--> POST \/x .*no route matched: answered by hooks/);
    await send(`${local}/y`, { headers: { "x-square-hmacsha256-signature": "c2ln" }, body: "{}" });
    await human.waitForText(/<-- 201/);
    expect(human.stdout).toMatch(/--> POST \/y .*route square/);
  });

  it("takes HOOKS_FORWARD_TO as the one catch-all, and any --forward-to replaces it", async () => {
    const [fromEnv, fromFlag] = [await app(201), await app(202)];
    const env = { HOOKS_FORWARD_TO: fromEnv.url };
    const proc = listen(["--json"], env);
    const base = String((await proc.ready()).localUrl);
    expect((await deliver(proc, `${base}/a`, {})).line).toMatchObject({
      route: "*",
      response: { status: 201 },
    });

    const flagged = listen(["--json", "--forward-to", `/b/*=${fromFlag.url}`], env);
    const other = String((await flagged.ready()).localUrl);
    expect((await deliver(flagged, `${other}/b/1`, {})).line).toMatchObject({ route: "/b/*" });
    expect((await deliver(flagged, `${other}/a`, {})).line).toMatchObject({ route: null });
    expect(fromEnv.received).toHaveLength(1);
  });

  it.each([
    ["/github=:4000", /rule "\/github" .*a path rule ends in \*, such as \/github\/\*/],
    ["=:4000", /rule "" .*the rule before = is empty/],
    ["square=", /rule "square" .*the URL after = is missing/],
    ["pay ment=:4000", /rule "pay ment" .*not a provider id/],
    ["square=local host", /invalid --forward-to square= "local host": it contains a space/],
  ])("refuses %j in one line, exit 2, naming the rule and the forms", async (value, why) => {
    const result = await runCli(["listen", "--tunnel", "none", "--forward-to", value]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(why);
  });

  it("refuses two catch-alls", async () => {
    const result = await runCli([
      "listen",
      "--tunnel",
      "none",
      "--forward-to",
      "3000",
      "--forward-to",
      ":4000",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /2 catch-all URLs \(http:\/\/localhost:3000, http:\/\/localhost:4000\)/,
    );
    expect(result.stderr).toMatch(/accepted: <url> \(the catch-all\), or <rule>=<url>/);
  });
});
