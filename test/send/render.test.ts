import { Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { humanSendRenderer } from "../../src/render/send.js";
import { jsonSendRenderer } from "../../src/render/send-json.js";
import { executeSend } from "../../src/sender/execute-send.js";
import { prepareSend } from "../../src/sender/prepare-send.js";
import type { SendObserver } from "../../src/sender/types.js";
import { startReceiver, type Receiver } from "./receiver.js";
import "./run.js";

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** A stream that takes its time, so that the renderers have to wait for 'drain'. */
function slowSink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: 64,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      setImmediate(callback);
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

async function run(observer: SendObserver, count: string, fail = 0): Promise<void> {
  receiver = await startReceiver((_r, n, res) => {
    res.statusCode = n <= fail ? 503 : 200;
    res.end();
  });
  const prepared = await prepareSend({
    url: receiver.url,
    provider: "square",
    secret: ["k"],
    event: ["payment.created", "order.created"],
    count,
    concurrency: "1",
  });
  await executeSend(prepared, observer, { sleep: async () => {} });
}

describe("--json", () => {
  it("prints the UP42-style test result document, streamed", async () => {
    const sink = slowSink();
    await run(jsonSendRenderer(sink.stream as unknown as NodeJS.WriteStream), "150", 2);
    const document = JSON.parse(sink.text()) as {
      data: Record<string, unknown> & { tests: Record<string, unknown>[] };
      error: unknown;
    };
    expect(document.error).toBeNull();
    expect(Date.parse(document.data.startedAt as string)).not.toBeNaN();
    expect(document.data).toMatchObject({ testsRun: 300, testsSucceeded: 298, testsFailed: 2 });
    expect(document.data.tests).toHaveLength(300);
    const [failed, , passed] = document.data.tests;
    expect(Object.keys(passed ?? {})).toEqual([
      "event",
      "id",
      "ok",
      "status",
      "durationMs",
      "attempts",
      "error",
    ]);
    expect(passed).toMatchObject({
      event: "payment.created",
      ok: true,
      status: 200,
      attempts: 1,
      error: null,
    });
    expect(typeof passed?.durationMs).toBe("number");
    expect(failed).toMatchObject({
      ok: false,
      status: 503,
      error: { reason: "http_error", message: "HTTP 503" },
    });
    const ids = document.data.tests.map((test) => test.id);
    expect(new Set(ids).size).toBe(300);
  });
});

describe("human output", () => {
  it("one line per notification, then N passed, N failed", async () => {
    const sink = slowSink();
    await run(humanSendRenderer(sink.stream as unknown as NodeJS.WriteStream), "3", 1);
    const lines = stripVTControlCharacters(sink.text()).trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^Sending 6 square notifications to http:\/\/127\.0\.0\.1:\d+\/webhooks \(secret ••••, timeout 10000 ms, concurrency 1\)$/,
    );
    expect(lines).toHaveLength(8);
    expect(lines[1]).toMatch(/^✘ 503 payment\.created \S+ \d+ ms http_error: HTTP 503$/);
    expect(lines[2]).toMatch(/^✔ 200 payment\.created [0-9a-f-]{36} \d+ ms$/);
    expect(lines.at(-1)).toBe("5 passed, 1 failed");
  });
});
