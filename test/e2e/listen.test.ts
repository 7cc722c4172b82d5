import { mkdtemp, readFile, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { standard } from "../../src/providers/standard.js";
import { runCli } from "../helpers/cli.js";
import { send, sendRaw } from "../listener/http-client.js";
import { ListenProcess, pool } from "../listener/listen-process.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
let dir: string;
let store: string;
let running: ListenProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-listen-e2e-"));
  store = join(dir, "events.jsonl");
});
afterEach(async () => {
  await running?.stop("SIGKILL");
  running = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Starts `hooks listen --tunnel none --port 0 --store <tmp>` plus `args`, isolated from ~. */
function listen(args: string[], env: Record<string, string | undefined> = {}): ListenProcess {
  running = ListenProcess.start(["--tunnel", "none", "--port", "0", "--store", store, ...args], {
    XDG_CONFIG_HOME: dir,
    XDG_STATE_HOME: dir,
    ...env,
  });
  return running;
}

async function storedIds(): Promise<string[]> {
  const text = await readFile(store, "utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id);
}

function signed(body: string, id: string) {
  return { headers: standard.sign({ body: Buffer.from(body), secret: SECRET, id }), body };
}

describe("hooks listen --json", () => {
  it("prints ready, then a request line per request as the contract shows, and exits 0 on SIGTERM", async () => {
    const proc = listen(["--json", "--secret", SECRET]);
    const ready = await proc.ready();
    expect(ready).toEqual({
      type: "ready",
      localUrl: `http://127.0.0.1:${ready.port}`,
      publicUrl: null,
      store,
      port: ready.port,
      inspectUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    const event = signed('{"type":"invoice.paid","data":{}}', "msg_e2e1");
    const reply = await send(`${ready.localUrl}/hooks`, event);
    expect(reply.status).toBe(200);
    const line = await proc.waitFor((l) => l.type === "request");
    expect(line).toMatchObject({
      id: reply.headers["x-hooks-request-id"],
      method: "POST",
      path: "/hooks",
      headers: { "webhook-id": "msg_e2e1" },
      body: '{"type":"invoice.paid","data":{}}',
      bodyEncoding: "utf8",
      provider: "standard",
      signature: { status: "valid" },
      response: { status: 200 },
    });
    expect(typeof line.receivedAt).toBe("string");
    expect(await proc.stop("SIGTERM")).toBe(0);
    expect(proc.lines.at(-1)).toMatchObject({ type: "summary", requests: 1, reason: "signal" });
    expect(await storedIds()).toEqual([line.id]);
  });

  it("still answers after bad input: malformed JSON, invalid UTF-8, empty and oversized bodies, garbage, a slow client", async () => {
    const proc = listen(["--json", "--max-body", "1KiB", "--headers-timeout", "300"]);
    const { localUrl, port } = await proc.ready();
    const url = String(localUrl);
    const json = { "content-type": "application/json" };
    expect((await send(url, { headers: json, body: '{"broken": ' })).status).toBe(200);
    expect((await send(url, { body: Buffer.from([0xc3, 0x28, 0xff]) })).status).toBe(200);
    expect((await send(url, { body: "" })).status).toBe(200);
    expect((await send(url, { body: Buffer.alloc(4096, 0x61) })).status).toBe(413);
    expect(await sendRaw(Number(port), "\x00\x01GARBAGE / HTTP/9\r\n\r\n")).toMatch(
      /^HTTP\/1\.1 400/,
    );
    expect(await sendRaw(Number(port), "POST / HTTP/1.1\r\nHost: x\r\n", { end: false })).toMatch(
      /^HTTP\/1\.1 408/,
    );
    expect((await send(url, { body: "after" })).status).toBe(200);
    await proc.waitFor((l) => l.type === "request" && l.body === "after");
    const stored = (await readFile(store, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(stored.map((r) => r.response.status)).toEqual([200, 200, 200, 413, 200]);
    expect(Buffer.from(stored[1].body, "base64").equals(Buffer.from([0xc3, 0x28, 0xff]))).toBe(
      true,
    );
  });

  it("answers a burst of thousands of requests and stores every one", async () => {
    const proc = listen(["--json"]);
    const { localUrl } = await proc.ready();
    const agent = new Agent({ keepAlive: true, maxSockets: 50 });
    const statuses = await pool(2000, 50, (i) => post(String(localUrl), `{"n":${i}}`, agent));
    agent.destroy();
    expect(statuses.every((s) => s.status === 200)).toBe(true);
    expect((await send(String(localUrl), { body: "still" })).status).toBe(200);
    expect(await proc.stop()).toBe(0);
    const ids = new Set(await storedIds());
    expect(ids.size).toBe(2001);
    for (const { id } of statuses) expect(ids.has(id)).toBe(true);
  });

  it("loses no answered request to kill -9 under load", async () => {
    const proc = listen(["--json"]);
    const { localUrl } = await proc.ready();
    const agent = new Agent({ keepAlive: true, maxSockets: 20 });
    const answered: string[] = [];
    let stop = false;
    const load = pool(20, 20, async () => {
      while (!stop) {
        try {
          const { status, id } = await post(String(localUrl), '{"load":true}', agent);
          if (status === 200) answered.push(id);
        } catch {
          return; // the listener is gone
        }
      }
    });
    while (answered.length < 300) await new Promise((resolve) => setTimeout(resolve, 10));
    proc.child.kill("SIGKILL");
    await proc.exited;
    stop = true;
    await load;
    agent.destroy();
    const stored = new Set(await storedIds());
    expect(answered.length).toBeGreaterThanOrEqual(300);
    expect(answered.filter((id) => !stored.has(id))).toEqual([]);
  });
});

describe("hooks listen for people", () => {
  it("shows a Clover verification code in a box that says what to do, and a summary on Ctrl-C", async () => {
    const proc = listen([]);
    await proc.waitForText(/Ready! hooks is listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.stdout)![1]!;
    await send(`${url}/clover`, {
      body: '{"verificationCode":"5220ecf5-7dea-4396-b0ba-a1659c182887"}',
    });
    await proc.waitForText(/<-- 200/);
    expect(proc.stdout).toMatch(/--> POST \/clover {2}clover verification/);
    expect(proc.stdout).toMatch(/│ +5220ecf5-7dea-4396-b0ba-a1659c182887 +│/);
    expect(proc.stdout).toMatch(/Verification Code field, then click Verify/);
    expect(await proc.stop("SIGINT")).toBe(0);
    expect(proc.stdout).toMatch(/stopped: 1 request\(s\) \(1 unsigned\); stored in/);
  });

  it("marks a redelivery as a duplicate and an invalid signature with its reason", async () => {
    const proc = listen(["--secret", SECRET]);
    await proc.waitForText(/listening on/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.stdout)![1]!;
    const event = signed('{"type":"a.b"}', "msg_dup");
    await send(url, event);
    await send(url, event);
    await send(url, {
      headers: { ...event.headers, "webhook-signature": "v1,AAAA" },
      body: event.body,
    });
    await proc.waitForText(/(<-- 200[^\n]*\n[^]*){3}/);
    const [first] = /req_[0-9a-z]+/.exec(proc.stdout) ?? [];
    expect(proc.stdout).toMatch(/standard a\.b {2}msg_dup {2}✔ valid\n/);
    expect(proc.stdout).toContain(`duplicate of ${first}`);
    expect(proc.stdout).toMatch(/✘ invalid: no signature matched/);
  });
});

describe("hooks listen and hooks events for people: what a sender wrote is never a control character", () => {
  // C0 and C1 controls (ESC, CSI U+009B) other than the newline: a request that carries them in
  // its event type, event id, a signature header or Clover's code must not rewrite the screen.
  // eslint-disable-next-line no-control-regex
  const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

  it("shows the event type and id, the reasons, the note and Clover's code escaped", async () => {
    const proc = listen(["--secret", SECRET], { HOOKS_PROVIDER: "github" });
    await proc.waitForText(/listening on/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.stdout)![1]!;
    const event = signed('{"type":"invoice.\\u001b[2Jpaid"}', "msg_\u009b2J");
    await send(`${url}/a`, event);
    await send(`${url}/b`, {
      headers: { "stripe-signature": "t=\u009b2J,v1=00" },
      body: '{"id":"evt_\\u001b[31m","type":"charge.\\u0007succeeded"}',
    });
    await send(`${url}/c`, { body: '{"verificationCode":"code\\u001b[2J"}' });
    await proc.waitForText(/(<-- 200[^\n]*\n[^]*){3}/);
    expect(proc.stdout).toContain("invoice.\\u001b[2Jpaid");
    expect(proc.stdout).toContain("evt_\\u001b[31m");
    // The header went out as UTF-8 (c2 9b) and is read as latin1: "Â" then U+009B.
    expect(proc.stdout).toMatch(/t="Â\\u009b2J"/);
    expect(proc.stdout).toContain("signed as standard, but HOOKS_PROVIDER expects github");
    expect(proc.stdout).not.toMatch(CONTROL);
    expect(await proc.stop("SIGINT")).toBe(0);

    const list = await runCli(["events", "list", "--store", store]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("invoice.\\u001b[2Jpaid");
    expect(list.stdout).not.toMatch(CONTROL);
    for (const id of await storedIds()) {
      const show = await runCli(["events", "show", id, "--store", store]);
      expect(show.code).toBe(0);
      expect(show.stdout).not.toMatch(CONTROL);
    }
  });
});

describe("hooks listen --expect", () => {
  it("exits 0 as soon as n valid requests arrived", async () => {
    const proc = listen(["--json", "--secret", SECRET, "--expect", "2", "--timeout", "20"]);
    const { localUrl } = await proc.ready();
    await send(String(localUrl), signed("{}", "msg_a"));
    await send(String(localUrl), signed("{}", "msg_b"));
    expect(await proc.exited).toBe(0);
    expect(proc.lines.at(-1)).toMatchObject({ type: "summary", reason: "expect", met: true });
  });

  it("counts what it was asked to: a burst past n is stored and counted apart (afterExpect)", async () => {
    const proc = listen(["--json", "--secret", SECRET, "--expect", "2", "--timeout", "20"]);
    const { localUrl } = await proc.ready();
    const burst = Array.from({ length: 8 }, (_, i) =>
      send(String(localUrl), signed("{}", `msg_burst${i}`)),
    );
    await Promise.allSettled(burst);
    expect(await proc.exited).toBe(0);
    const summary = proc.lines.at(-1) as unknown as {
      requests: number;
      afterExpect?: number;
      met: boolean;
    };
    expect(summary).toMatchObject({ type: "summary", reason: "expect", met: true, requests: 2 });
    // Nothing captured is lost: every stored request is either one of the 2 or counted apart.
    expect(2 + (summary.afterExpect ?? 0)).toBe((await storedIds()).length);
  });

  it("exits 1 with what did arrive when time runs out, or when one was not valid", async () => {
    const proc = listen(["--expect", "3", "--timeout", "1"]);
    await proc.waitForText(/listening on/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.stdout)![1]!;
    await send(`${url}/only-one`, { body: "x" });
    expect(await proc.exited).toBe(1);
    expect(proc.stdout).toMatch(/expected 3 request\(s\), 1 arrived before the timeout/);
    expect(proc.stdout).toMatch(/POST \/only-one/);

    const strict = listen(["--json", "--secret", SECRET, "--expect", "1", "--timeout", "20"]);
    const { localUrl } = await strict.ready();
    await send(String(localUrl), { body: "{}" });
    expect(await strict.exited).toBe(1);
    expect(strict.stderr).toMatch(/1 of 1 request\(s\) had no valid signature/);
  });
});

function post(url: string, body: string, agent: Agent): Promise<{ status: number; id: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent }, (res) => {
      res.resume();
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, id: String(res.headers["x-hooks-request-id"]) }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}
