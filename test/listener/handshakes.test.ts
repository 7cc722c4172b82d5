import { afterEach, describe, expect, it } from "vitest";
import { startListener, type Listener, type ListenerOptions } from "../../src/listener/listener.js";
import { getProvider } from "../../src/providers/index.js";
import { slack } from "../../src/providers/slack.js";
import type { RequestRecord } from "../../src/store/event-store-record.js";
import { send } from "./http-client.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const BODY = '{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"c-1","type":"url_verification"}';
let listener: Listener | undefined;

async function start(options: Partial<ListenerOptions> = {}) {
  const lines: string[] = [];
  listener = await startListener({
    store: { append: (line, done) => (lines.push(line), done(null)) },
    port: 0,
    ...options,
  });
  return {
    url: listener.localUrl,
    records: () => lines.map((line) => JSON.parse(line) as RequestRecord),
  };
}

const signed = (body: string, secret = SECRET) => ({
  headers: slack.sign({ body: Buffer.from(body), secret, url: "", id: "" }),
  body,
});

afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

describe("the listener's handshakes", () => {
  it("echoes a url_verification with no secret known: nothing to check it with", async () => {
    const { url, records } = await start();
    const reply = await send(url, signed(BODY, "any"));
    expect(reply.body.toString()).toBe("c-1");
    expect(records()[0]).toMatchObject({
      signature: { status: "unchecked" },
      handshake: "slack_url_verification",
    });
  });

  it("does not echo an unsigned one when a secret is known", async () => {
    const { url, records } = await start({ secrets: [SECRET], provider: getProvider("slack") });
    const reply = await send(url, { body: BODY });
    expect(reply.body.toString()).toBe("");
    expect(records()[0]).toMatchObject({
      signature: { status: "unsigned" },
      handshakeSkipped: "signature unsigned",
    });
  });

  it("leaves alone what only looks like one: not from Slack, no challenge, or a Slack event", async () => {
    const { url, records } = await start({ secrets: [SECRET], status: 204 });
    // No Slack headers and no --provider slack: not Slack's.
    expect((await send(url, { body: BODY })).status).toBe(204);
    const noChallenge = '{"token":"t","challenge":"","type":"url_verification"}';
    expect((await send(url, signed(noChallenge))).status).toBe(204);
    const event = '{"type":"event_callback","event":{"type":"url_verification"},"event_id":"Ev1"}';
    expect((await send(url, signed(event))).status).toBe(204);
    for (const record of records()) expect(record).not.toHaveProperty("handshake");
  });

  it("a Clover verification POST gets 200 though --status says otherwise, and --delay is not waited", async () => {
    const { url, records } = await start({ status: 503, delayMs: 60_000 });
    const reply = await send(url, { body: '{"verificationCode":"abc"}' });
    expect(reply.status).toBe(200);
    expect(records()[0]).toMatchObject({
      provider: "clover",
      handshake: "clover_verification",
      response: { status: 200 },
    });
  });

  it("answerHandshakes false answers them as any other request", async () => {
    const { url, records } = await start({ status: 202, answerHandshakes: false });
    expect((await send(url, signed(BODY))).status).toBe(202);
    expect(records()[0]).toMatchObject({ handshakeSkipped: "--no-answer-handshakes" });
  });
});
