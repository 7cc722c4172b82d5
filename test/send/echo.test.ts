import { mkdtemp, writeFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startReceiver, type Received, type Receiver } from "./receiver.js";
import { json, send } from "./run.js";

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const challengeOf = (r: Received): string => json(r.body).challenge as string;

/** The three answers https://api.slack.com/events/url_verification accepts. */
const ANSWERS: Record<string, (r: Received, res: ServerResponse) => void> = {
  "plain text": (r, res) =>
    res.writeHead(200, { "content-type": "text/plain" }).end(challengeOf(r)),
  "form-encoded": (r, res) =>
    res
      .writeHead(200, { "content-type": "application/x-www-form-urlencoded" })
      .end(`challenge=${challengeOf(r)}`),
  JSON: (r, res) =>
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ challenge: challengeOf(r) })),
};

function sendHandshake(url: string) {
  return send({ url, provider: "slack", secret: ["s"], event: ["url_verification"] });
}

describe("hooks send --event url_verification: the answer must echo the challenge", () => {
  for (const [form, answer] of Object.entries(ANSWERS)) {
    it(`passes an answer that echoes it as ${form}`, async () => {
      receiver = await startReceiver((r, _n, res) => answer(r, res));
      const run = await sendHandshake(receiver.url);
      expect(run.tests[0]).toMatchObject({ ok: true, status: 200, error: null });
      // Slack's shape: token, challenge, type, and nothing else.
      expect(Object.keys(json(receiver.requests[0]!.body))).toEqual(["token", "challenge", "type"]);
    });
  }

  it("fails a bare 200 with the reason, and says what came back", async () => {
    receiver = await startReceiver((_r, _n, res) => res.end(""));
    const run = await sendHandshake(receiver.url);
    expect(run.summary).toMatchObject({ testsRun: 1, testsFailed: 1 });
    expect(run.tests[0]).toMatchObject({
      ok: false,
      status: 200,
      error: {
        reason: "http_error",
        message: "answered 200 but did not echo the challenge (its body: an empty body)",
      },
    });
  });

  it("fails an answer that carries another challenge, in any of the three forms", async () => {
    for (const wrong of [
      (r: Received) => `${challengeOf(r)}x`,
      (r: Received) => `challenge=x${challengeOf(r)}`,
      () => JSON.stringify({ challenge: "other" }),
    ]) {
      receiver = await startReceiver((r, _n, res) => res.end(wrong(r)));
      const run = await sendHandshake(receiver.url);
      expect(run.tests[0]?.error?.message).toMatch(/^answered 200 but did not echo the challenge/);
      await receiver.close();
      receiver = undefined;
    }
  });

  it("checks the challenge of a --payload, not the sample's", async () => {
    receiver = await startReceiver((_r, _n, res) => res.end("mine"));
    const file = join(await mkdtemp(join(tmpdir(), "hooks-echo-")), "v.json");
    await writeFile(file, '{"token":"t","challenge":"mine","type":"url_verification"}');
    const run = await send({ url: receiver.url, provider: "slack", secret: ["s"], payload: file });
    expect(run.tests[0]).toMatchObject({ event: "url_verification", ok: true });
  });

  it("leaves other events alone: any 2xx passes", async () => {
    receiver = await startReceiver((_r, _n, res) => res.end(""));
    const run = await send({
      url: receiver.url,
      provider: "slack",
      secret: ["s"],
      event: ["app_mention"],
    });
    expect(run.tests[0]).toMatchObject({ ok: true });
  });
});
