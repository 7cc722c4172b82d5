import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { FlakyApp } from "../helpers/flaky-app.js";
import { send } from "../listener/http-client.js";
import { ListenProcess, type JsonLine } from "../listener/listen-process.js";

let dir: string;
let store: string;
let app: FlakyApp;
const running: ListenProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-replay-failed-e2e-"));
  store = join(dir, "events.jsonl");
  app = await FlakyApp.onFreePort();
});
afterEach(async () => {
  for (const child of running.splice(0)) await child.stop("SIGKILL");
  await app.stop();
  await rm(dir, { recursive: true, force: true });
});

const env = (): Record<string, string> => ({ XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir });

async function listen(args: string[]): Promise<{ child: ListenProcess; url: string }> {
  const child = ListenProcess.start(
    ["--tunnel", "none", "--port", "0", "--no-inspect", "--store", store, "--json", ...args],
    env(),
  );
  running.push(child);
  const ready = (await child.ready()) as JsonLine & { localUrl: string };
  return { child, url: ready.localUrl };
}

function replayFailed(args: string[], extra: Record<string, string> = {}) {
  return runCli(["events", "replay", "--failed", "--store", store, ...args], {
    env: { ...env(), ...extra },
  });
}

interface Report {
  ok: boolean;
  passed: number;
  failed: number;
  results: { id: string; to: string; ok: boolean; status: number | null; error: string | null }[];
}

/** A store written by a real listener: two forwards that failed (app down), one that did not. */
async function storeWithFailures(): Promise<string[]> {
  const { child, url } = await listen(["--forward-to", app.url]);
  expect((await send(`${url}/one`, { body: "one" })).status).toBe(502);
  expect((await send(`${url}/two`, { body: "two" })).status).toBe(502);
  await app.start();
  expect((await send(`${url}/fine`, { body: "fine" })).status).toBe(200);
  await child.stop("SIGINT");
  await app.stop();
  app.received.length = 0;
  return child.lines.filter((line) => line.type === "request").map((line) => line.id as string);
}

describe("hooks events replay --failed", { timeout: 40_000 }, () => {
  it("re-sends the failed forwards in order, once, to where they were going", async () => {
    const [one, two] = await storeWithFailures();

    // The app is still down: both fail again, exit 1, and they stay failed.
    const down = await replayFailed(["--json"]);
    expect(down.code).toBe(1);
    const failedAgain = JSON.parse(down.stdout) as Report;
    expect([failedAgain.passed, failedAgain.failed]).toEqual([0, 2]);
    expect(failedAgain.results[0]?.error).toMatch(/connection refused/);

    await app.start();
    const up = await replayFailed([]);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(
      /Replaying 2 failed forward\(s\), oldest first, to each one's forward target/,
    );
    expect(up.stdout).toMatch(new RegExp(`✔ 200 ${one} POST ${app.url}/one`));
    expect(up.stdout).toMatch(/2 passed, 0 failed/);
    expect(app.received.map((request) => [request.url, request.body])).toEqual([
      ["/one", "one"],
      ["/two", "two"],
    ]);

    // Delivered: nothing is left to replay.
    const again = await replayFailed(["--json"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, passed: 0, failed: 0, results: [] });
    const outcomes = (await readFile(`${store}.redeliveries`, "utf8")).trim().split("\n");
    expect(outcomes.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual([
      one,
      two,
      one,
      two,
    ]);
  });

  it("goes to --to (a URL with a path takes them all there); --since filters", async () => {
    await storeWithFailures();
    await app.start();

    const future = await replayFailed(["--since", "2099-01-01T00:00:00Z"]);
    expect([future.code, future.stdout]).toEqual([
      0,
      "no failed forwards to replay since 2099-01-01T00:00:00.000Z\n0 passed, 0 failed\n",
    ]);

    const other = await FlakyApp.onFreePort();
    await other.start();
    try {
      const withTo = await replayFailed([
        "--since",
        "10m",
        "--to",
        `${other.url}/elsewhere`,
        "--json",
      ]);
      expect(withTo.code).toBe(0);
      expect(other.received.map((request) => request.url)).toEqual(["/elsewhere", "/elsewhere"]);
    } finally {
      await other.stop();
    }
    expect(app.received).toHaveLength(0);
  });

  it("uses HOOKS_FORWARD_TO without --to", async () => {
    await storeWithFailures();
    const other = await FlakyApp.onFreePort();
    await other.start();
    try {
      const result = await replayFailed(["--json"], { HOOKS_FORWARD_TO: other.url });
      const report = JSON.parse(result.stdout) as Report;
      expect(report.results.map((r) => r.to)).toEqual([`${other.url}/one`, `${other.url}/two`]);
      expect(other.received.map((request) => request.body)).toEqual(["one", "two"]);
    } finally {
      await other.stop();
    }
  });

  it("sends what a killed listen --hold still held, and the next --hold run does not send it again", async () => {
    const { child, url } = await listen(["--forward-to", app.url, "--hold"]);
    expect((await send(`${url}/held`, { body: "held" })).status).toBe(202);
    await child.waitFor((line) => line.type === "request");
    await child.stop("SIGKILL");

    await app.start();
    const replayed = await replayFailed(["--json"]);
    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.stdout)).toMatchObject({ passed: 1, failed: 0 });
    expect(app.received.map((request) => request.body)).toEqual(["held"]);

    const next = await listen(["--forward-to", app.url, "--hold"]);
    expect(await next.child.stop("SIGINT")).toBe(0);
    expect(
      next.child.lines.some((line) => line.type === "hold" || line.type === "redelivery"),
    ).toBe(false);
    expect(app.received).toHaveLength(1);
  });

  it("takes an id or --failed, and --since only with --failed", async () => {
    const both = await runCli(["events", "replay", "req_1", "--failed", "--store", store]);
    expect([both.code, both.stderr]).toEqual([
      2,
      'hooks: replay takes an id or --failed, not both (got "req_1" and --failed)\n',
    ]);
    const sinceAlone = await runCli([
      "events",
      "replay",
      "req_1",
      "--since",
      "1h",
      "--to",
      "http://127.0.0.1:1",
    ]);
    expect(sinceAlone.code).toBe(2);
    expect(sinceAlone.stderr).toMatch(/--since is for --failed/);
    const badSince = await replayFailed(["--since", "yesterday"]);
    expect(badSince.code).toBe(2);
    expect(badSince.stderr).toMatch(/invalid --since "yesterday"/);
  });
});
