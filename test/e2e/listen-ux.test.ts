import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { standard } from "../../src/providers/standard.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
let dir: string;
let store: string;
let running: ListenProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-listen-ux-"));
  store = join(dir, "events.jsonl");
});
afterEach(async () => {
  await running?.stop("SIGKILL");
  running = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** `hooks listen --tunnel none --port 0` for people; resolves with its local URL. */
async function listen(args: string[]): Promise<{ proc: ListenProcess; url: string }> {
  running = ListenProcess.start(["--tunnel", "none", "--port", "0", "--store", store, ...args], {
    XDG_CONFIG_HOME: dir,
    XDG_STATE_HOME: dir,
  });
  await running.waitForText(/listening on http:\/\/127\.0\.0\.1:\d+/);
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(running.stdout)![1]!;
  return { proc: running, url };
}

function linesOf(stdout: string, pattern: RegExp): string[] {
  return stdout.split("\n").filter((line) => pattern.test(line));
}

describe("hooks listen for people: which answer belongs to which request", () => {
  it("puts the request's short id on its --> line and on its <-- line under concurrency", async () => {
    // Every answer waits, so all arrivals are shown before any answer: the lines interleave.
    const { proc, url } = await listen(["--delay", "300"]);
    const count = 5;
    const replies = await Promise.all(
      Array.from({ length: count }, (_, i) => send(`${url}/n${i}`, { body: `{"n":${i}}` })),
    );
    await proc.waitForText(new RegExp(`(<-- 200[^]*){${count}}`));
    const arrows = linesOf(proc.stdout, /--> |<-- /);
    // Interleaved for real: the first answer comes after the last arrival.
    expect(arrows.slice(0, count).every((line) => line.includes("-->"))).toBe(true);
    for (const [i, reply] of replies.entries()) {
      const id = String(reply.headers["x-hooks-request-id"]);
      const short = id.slice(-6);
      expect(linesOf(proc.stdout, new RegExp(`\\[${short}\\] --> POST /n${i}\\b`))).toHaveLength(1);
      expect(linesOf(proc.stdout, new RegExp(`\\[${short}\\] <-- 200 `))).toHaveLength(1);
    }
  });
});
