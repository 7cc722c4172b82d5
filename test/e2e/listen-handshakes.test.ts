import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { slack } from "../../src/providers/slack.js";
import { runCli } from "../helpers/cli.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
// The shape of Slack's own example (https://api.slack.com/events/url_verification).
const CHALLENGE = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";
const BODY = `{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"${CHALLENGE}","type":"url_verification"}`;
const CLOVER = '{"verificationCode":"5220ecf5-7dea-4396-b0ba-a1659c182887"}';

let dir: string;
let running: ListenProcess | undefined;
let app: Server | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-handshakes-e2e-"));
});
afterEach(async () => {
  await running?.stop("SIGKILL");
  running = undefined;
  if (app) await new Promise((resolve) => app?.close(resolve));
  app = undefined;
  await rm(dir, { recursive: true, force: true });
});

function listen(args: string[]): ListenProcess {
  const store = join(dir, "events.jsonl");
  running = ListenProcess.start(
    ["--tunnel", "none", "--port", "0", "--no-inspect", "--store", store, ...args],
    { XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir },
  );
  return running;
}

/** Waits for `count` request lines and hands them back. */
async function requestLines(proc: ListenProcess, count: number) {
  const all = () => proc.lines.filter((l) => l.type === "request");
  await proc.waitFor(() => all().length >= count);
  return all();
}

async function readyUrl(proc: ListenProcess): Promise<string> {
  return (await proc.ready()).localUrl as string;
}

/** A url_verification signed the way Slack signs it, with `secret`. */
function signedHandshake(secret = SECRET) {
  const headers = slack.sign({ body: Buffer.from(BODY), secret, url: "", id: "" });
  return { headers: { ...headers, "content-type": "application/json" }, body: BODY };
}

/** An app behind --forward-to: records what reached it and answers 200 "from the app". */
async function startApp(): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  app = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      seen.push(body);
      res.writeHead(200, { "content-type": "text/plain" }).end("from the app");
    });
  });
  await new Promise<void>((resolve) => app?.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(app.address() as AddressInfo).port}`, seen };
}

describe("hooks listen answers the providers' handshakes", () => {
  it("echoes a signed Slack url_verification as plain text and marks the request line", async () => {
    const proc = listen(["--json", "--secret", SECRET]);
    const reply = await send(`${await readyUrl(proc)}/slack/events`, signedHandshake());
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toBe("text/plain");
    expect(reply.body.toString()).toBe(CHALLENGE);
    const line = await proc.waitFor((l) => l.type === "request");
    expect(line).toMatchObject({
      provider: "slack",
      eventType: "url_verification",
      signature: { status: "valid" },
      handshake: "slack_url_verification",
      response: { status: 200 },
    });
    expect(line).not.toHaveProperty("handshakeSkipped");
  });

  it("answers a url_verification with a wrong signature as any invalid request: 200, no challenge", async () => {
    const proc = listen(["--json", "--secret", SECRET]);
    const reply = await send(`${await readyUrl(proc)}/slack/events`, signedHandshake("wrong"));
    expect(reply.status).toBe(200);
    expect(reply.body.toString()).toBe("");
    const line = await proc.waitFor((l) => l.type === "request");
    expect(line).toMatchObject({
      signature: { status: "invalid" },
      handshake: "slack_url_verification",
      handshakeSkipped: "signature invalid",
    });
  });

  it("answers Clover's verification POST 200 and boxes its code though --provider says github", async () => {
    const proc = listen(["--provider", "github", "--status", "500"]);
    await proc.waitForText(/listening on http:\/\/127\.0\.0\.1:\d+/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.stdout)![1]!;
    const reply = await send(`${url}/clover`, { body: CLOVER });
    expect(reply.status).toBe(200);
    await proc.waitForText(/<-- 200/);
    expect(proc.stdout).toMatch(
      /clover verification {2}.*Clover handshake: answered 200, code below/,
    );
    expect(proc.stdout).toMatch(/│ +5220ecf5-7dea-4396-b0ba-a1659c182887 +│/);
    // Any other request still gets --status.
    expect((await send(`${url}/other`, { body: "{}" })).status).toBe(500);
  });

  it("shows a Slack handshake on the line for people", async () => {
    const proc = listen(["--secret", SECRET]);
    await proc.waitForText(/listening on http:\/\/127\.0\.0\.1:\d+/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.stdout)![1]!;
    await send(`${url}/slack`, signedHandshake());
    await proc.waitForText(/<-- 200/);
    expect(proc.stdout).toMatch(
      /slack url_verification {2}✔ valid {2}Slack handshake: answered 200 with the challenge/,
    );
  });

  it("with --no-answer-handshakes answers them as any other request", async () => {
    const proc = listen([
      "--json",
      "--secret",
      SECRET,
      "--no-answer-handshakes",
      "--status",
      "202",
    ]);
    const url = await readyUrl(proc);
    const reply = await send(url, signedHandshake());
    expect(reply.status).toBe(202);
    expect(reply.body.toString()).toBe("");
    expect((await send(url, { body: CLOVER })).status).toBe(202);
    const requests = await requestLines(proc, 2);
    expect(requests.map((l) => [l.handshake, l.handshakeSkipped])).toEqual([
      ["slack_url_verification", "--no-answer-handshakes"],
      ["clover_verification", "--no-answer-handshakes"],
    ]);
  });
});

describe("hooks listen --forward-to and handshakes", () => {
  it("passes a handshake to the app, which answers it", async () => {
    const target = await startApp();
    const proc = listen(["--json", "--secret", SECRET, "--forward-to", target.url]);
    const reply = await send(`${await readyUrl(proc)}/slack`, signedHandshake());
    expect(reply.body.toString()).toBe("from the app");
    expect(target.seen).toEqual([BODY]);
    const line = await proc.waitFor((l) => l.type === "request");
    expect(line).toMatchObject({
      handshake: "slack_url_verification",
      handshakeSkipped: "passed to the app (--answer-handshakes answers it here)",
      forward: { status: 200 },
    });
  });

  it("with --answer-handshakes answers them itself and the app never sees them", async () => {
    const target = await startApp();
    const proc = listen([
      "--json",
      "--secret",
      SECRET,
      "--forward-to",
      target.url,
      "--answer-handshakes",
    ]);
    const url = await readyUrl(proc);
    expect((await send(`${url}/slack`, signedHandshake())).body.toString()).toBe(CHALLENGE);
    expect((await send(`${url}/clover`, { body: CLOVER })).status).toBe(200);
    // An ordinary event still reaches the app.
    const event = '{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention"}}';
    const headers = slack.sign({ body: Buffer.from(event), secret: SECRET, url: "", id: "" });
    expect((await send(`${url}/slack`, { headers, body: event })).body.toString()).toBe(
      "from the app",
    );
    expect(target.seen).toEqual([event]);
    const [slackLine, cloverLine] = await requestLines(proc, 3);
    expect(slackLine).toMatchObject({ handshake: "slack_url_verification" });
    expect(slackLine).not.toHaveProperty("forward");
    expect(cloverLine).toMatchObject({ handshake: "clover_verification" });
  });
});

describe("hooks send --provider slack --event url_verification", () => {
  const args = (url: string) => [
    "send",
    url,
    "--provider",
    "slack",
    "--secret",
    SECRET,
    "--event",
    "url_verification",
  ];

  it("passes against hooks listen, which echoes the challenge", async () => {
    const proc = listen(["--json", "--secret", SECRET]);
    const result = await runCli(args(`${await readyUrl(proc)}/slack/events`));
    expect(result.stdout).toMatch(/✔ 200 url_verification/);
    expect(result.code).toBe(0);
    const [line] = await requestLines(proc, 1);
    expect(line).toMatchObject({
      signature: { status: "valid" },
      handshake: "slack_url_verification",
    });
  });

  it("fails (exit 1) against a server that answers 200 without the challenge", async () => {
    const target = await startApp();
    const result = await runCli(args(target.url));
    expect(result.stdout).toMatch(
      /✘ 200 url_verification .*answered 200 but did not echo the challenge \(its body: "from the app"\)/,
    );
    expect(result.stdout).toMatch(/0 passed, 1 failed/);
    expect(result.code).toBe(1);
  });

  it("fails against hooks listen that passes handshakes to such an app", async () => {
    const target = await startApp();
    const proc = listen(["--json", "--secret", SECRET, "--forward-to", target.url]);
    const result = await runCli(args(await readyUrl(proc)));
    expect(result.stdout).toMatch(/did not echo the challenge/);
    expect(result.code).toBe(1);
  });
});
