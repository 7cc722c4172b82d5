import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { square } from "../../src/providers/square.js";
import { standard } from "../../src/providers/standard.js";
import { runCli } from "../helpers/cli.js";
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

describe("hooks listen for people: an invalid signature says what --explain would", () => {
  it("ends the line with the hint when a usual mistake would have matched, and not otherwise", async () => {
    const key = "sq0wbk-e2e-signature-key";
    const { proc, url } = await listen(["--secret", key]);
    const body = '{"type":"payment.created","event_id":"e2e-hint-1"}';
    // Signed for the URL without the query string that the request then carries.
    const headers = square.sign({ body: Buffer.from(body), secret: key, url: `${url}/sq` });
    await send(`${url}/sq?tenant=7`, { headers, body });
    // A signature that no usual mistake explains: no hint, the plain reason.
    const wrong = square.sign({ body: Buffer.from(body), secret: "another-key", url: `${url}/sq` });
    await send(`${url}/sq`, { headers: wrong, body });
    await proc.waitForText(/(<-- 200[^]*){2}/);
    const invalid = linesOf(proc.stdout, /--> POST \/sq/);
    expect(invalid[0]).toMatch(
      new RegExp(
        `✘ invalid: [^\n]*\\(query string differs: try ${url.replace(/\./g, "\\.")}/sq\\)$`,
      ),
    );
    expect(invalid[1]).toMatch(/✘ invalid: /);
    expect(invalid[1]).not.toMatch(/differs/);
  });

  it("names a re-formatted body of Standard Webhooks, and keeps the hint in the stored reason", async () => {
    const { proc, url } = await listen(["--secret", SECRET]);
    const compact = '{"type":"invoice.paid","data":{"id":1}}';
    const headers = standard.sign({ body: Buffer.from(compact), secret: SECRET, id: "msg_hint" });
    // What an app that re-serialised the object would pass on: 2-space JSON of the same object.
    await send(`${url}/sw`, { headers, body: JSON.stringify(JSON.parse(compact), null, 2) });
    await proc.waitForText(/<-- 200/);
    expect(linesOf(proc.stdout, /--> POST \/sw/)[0]).toMatch(
      /\(body layout differs: the signature is over its compact JSON\)$/,
    );
    const [stored] = (await readFile(store, "utf8")).split("\n");
    expect(JSON.parse(stored!)).toMatchObject({
      signature: {
        status: "invalid",
        reason: expect.stringMatching(/\(body layout differs: [^)]*compact JSON\)$/),
      },
    });
  });
});

describe("hooks listen: duplicates by body alone", () => {
  it("does not flag {} posted to two paths, or with two methods, but flags it to the same path again", async () => {
    const { proc, url } = await listen([]);
    const ids: string[] = [];
    for (const [method, path] of [
      ["POST", "/a"],
      ["POST", "/b"],
      ["PUT", "/a"],
      ["POST", "/a"],
    ] as const) {
      const reply = await send(`${url}${path}`, { method, body: "{}" });
      ids.push(String(reply.headers["x-hooks-request-id"]));
    }
    await proc.waitForText(/(<-- 200[^]*){4}/);
    const arrivals = linesOf(proc.stdout, /--> /);
    expect(arrivals.slice(0, 3).filter((line) => line.includes("duplicate"))).toEqual([]);
    expect(arrivals[3]).toContain(`duplicate of ${ids[0]}`);
    const records = (await readFile(store, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { duplicateOf?: string });
    expect(records.map((record) => record.duplicateOf)).toEqual([
      undefined,
      undefined,
      undefined,
      ids[0],
    ]);
  });
});

describe("an event has one name in hooks send, hooks listen and hooks events", () => {
  it("calls GitHub's pull_request sample pull_request.opened and Slack's message.im message.im everywhere", async () => {
    const secret = "gh-e2e-secret";
    const { proc, url } = await listen(["--secret", secret]);
    const env = { XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir };
    const sent = await runCli(
      ["send", `${url}/gh`, "--provider", "github", "--event", "pull_request", "--secret", secret],
      { env },
    );
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/✔ 200 pull_request\.opened /);
    const json = await runCli(
      ["send", `${url}/sl`, "--provider", "slack", "--event", "message.im", "--secret", secret],
      { env },
    );
    expect(json.code).toBe(0);
    expect(json.stdout).toMatch(/✔ 200 message\.im /);
    const asJson = await runCli(
      [
        ...["send", `${url}/gh`, "--provider", "github", "--event", "pull_request"],
        ...["--secret", secret, "--json"],
      ],
      { env },
    );
    expect(JSON.parse(asJson.stdout)).toMatchObject({
      data: { tests: [{ event: "pull_request.opened", ok: true }] },
    });
    await proc.waitForText(/(<-- 200[^]*){3}/);
    expect(linesOf(proc.stdout, /--> POST \/gh/)[0]).toMatch(/ github pull_request\.opened /);
    expect(linesOf(proc.stdout, /--> POST \/sl/)[0]).toMatch(/ slack message\.im /);
    const list = await runCli(["events", "list", "--store", store], { env });
    expect(linesOf(list.stdout, /POST \/gh/)[0]).toMatch(/ github pull_request\.opened /);
    expect(linesOf(list.stdout, /POST \/sl/)[0]).toMatch(/ slack message\.im /);
    const [id] = /req_[0-9a-z]+/.exec(linesOf(list.stdout, /POST \/gh/)[0]!)!;
    const shown = await runCli(["events", "show", id, "--store", store], { env });
    expect(shown.stdout).toMatch(/provider +github pull_request\.opened\n/);
  });
});

describe("hooks events show: the body", () => {
  it("pretty-prints a JSON body with its values as sent, and --raw prints it as it arrived", async () => {
    const { proc, url } = await listen([]);
    const body = '{"id":12345678901234567890,"items":[{"n":1}],"note":"a,b:{c}"}';
    const reply = await send(`${url}/p`, { body });
    const plain = await send(`${url}/t`, { body: "not json" });
    await proc.waitForText(/(<-- 200[^]*){2}/);
    const env = { XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir };
    const id = String(reply.headers["x-hooks-request-id"]);
    const shown = await runCli(["events", "show", id, "--store", store], { env });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(
      [
        "(JSON, re-indented: --raw shows the body as it arrived)",
        "{",
        '  "id": 12345678901234567890,',
        '  "items": [',
        "    {",
        '      "n": 1',
        "    }",
        "  ],",
        '  "note": "a,b:{c}"',
        "}",
      ].join("\n"),
    );
    const raw = await runCli(["events", "show", id, "--store", store, "--raw"], { env });
    expect(raw.code).toBe(0);
    expect(raw.stdout.trimEnd().endsWith(`\n\n${body}`)).toBe(true);
    expect(raw.stdout).not.toContain("re-indented");
    const text = await runCli(
      ["events", "show", String(plain.headers["x-hooks-request-id"]), "--store", store],
      { env },
    );
    expect(text.stdout.trimEnd().endsWith("\n\nnot json")).toBe(true);
    expect(text.stdout).not.toContain("re-indented");
  });
});
