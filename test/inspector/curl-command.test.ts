import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { curlCommand } from "../../src/inspector/curl-command.js";
import type { InspectorRecord } from "../../src/inspector/entry-summary.js";
import { getProvider } from "../../src/providers/index.js";
import { Receiver } from "./receiver.js";

const run = promisify(execFile);
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const CLOVER_CODE = "c0ffee00-1234-4aaa-8bbb-0123456789ab";
let receiver: Receiver;

beforeEach(async () => {
  receiver = await Receiver.start();
});
afterEach(async () => {
  await receiver.close();
});

function captured(overrides: Partial<InspectorRecord>): InspectorRecord {
  return {
    type: "request",
    id: "req_1",
    receivedAt: "2026-01-01T00:00:00.000Z",
    method: "POST",
    path: "/hooks",
    url: "http://127.0.0.1:4665/hooks",
    headers: { "content-type": "application/json", host: "127.0.0.1:4665", "content-length": "2" },
    body: "{}",
    bodyEncoding: "utf8",
    bodyBytes: 2,
    provider: null,
    signature: { status: "unsigned", reason: "" },
    response: { status: 200, durationMs: 1 },
    ...overrides,
  };
}

/** Runs the command the way a user pastes it into a shell. */
async function paste(command: string, env: Record<string, string> = {}): Promise<void> {
  await run("sh", ["-c", `${command} --silent --show-error --output /dev/null`], {
    env: { PATH: process.env.PATH ?? "", ...env },
  });
}

// The commands are run by a real curl, as a user would paste them.
const hasCurl = spawnSync("curl", ["--version"]).status === 0;
if (!hasCurl) console.warn("copy-as-curl tests skipped: no curl on PATH to run the commands with");

describe.skipIf(!hasCurl)("copy as curl", () => {
  it("sends the exact body with fresh headers that verify, as hooks sign makes them", async () => {
    const body = `{"type":"invoice.paid","note":"it's \\"quoted\\" $HOME \`x\`\\n"}`;
    const standard = getProvider("standard");
    const old = standard.sign({
      body: Buffer.from(body),
      secret: SECRET,
      id: "msg_1",
      timestamp: 1_000,
    });
    const record = captured({
      provider: "standard",
      eventId: "msg_1",
      body,
      bodyBytes: Buffer.byteLength(body),
      headers: { "content-type": "application/json", "x-extra": "a 'quoted' value", ...old },
    });
    const now = Math.floor(Date.now() / 1000);
    const made = curlCommand(record, { url: `${receiver.url}/hooks?x=1`, secrets: [SECRET], now });
    expect(made.resigned).toBe(true);
    expect(made.command).not.toContain(SECRET);
    await paste(made.command);
    const [got] = receiver.received;
    expect(got?.path).toBe("/hooks?x=1");
    expect(got?.body.toString("utf8")).toBe(body);
    expect(got?.headers["x-extra"]).toBe("a 'quoted' value");
    expect(got?.headers["webhook-id"]).toBe("msg_1");
    expect(got?.headers["webhook-timestamp"]).toBe(String(now));
    const check = standard.verify({
      body: got?.body ?? Buffer.alloc(0),
      headers: got?.headers ?? {},
      secrets: [SECRET],
      now,
    });
    expect(check).toMatchObject({ valid: true });
  });

  it("never writes Clover's auth code into the command: it reads $HOOKS_SECRET", async () => {
    const record = captured({
      provider: "clover",
      headers: { "content-type": "application/json", "x-clover-auth": CLOVER_CODE },
    });
    for (const secrets of [[CLOVER_CODE], []]) {
      const made = curlCommand(record, { url: receiver.url, secrets, now: 1 });
      expect(made.command).not.toContain(CLOVER_CODE);
      expect(made.command).toContain('"x-clover-auth: $HOOKS_SECRET"');
      expect(made.note).toContain("HOOKS_SECRET");
      await paste(made.command, { HOOKS_SECRET: CLOVER_CODE });
    }
    expect(receiver.received.map((got) => got.headers["x-clover-auth"])).toEqual([
      CLOVER_CODE,
      CLOVER_CODE,
    ]);
  });

  it("keeps a binary body byte for byte, and says when the captured signature is kept", async () => {
    const bytes = Buffer.from([0, 255, 39, 10, 13, 0x80, 34]);
    const record = captured({
      provider: "github",
      method: "PUT",
      body: bytes.toString("base64"),
      bodyEncoding: "base64",
      bodyBytes: bytes.length,
      headers: { "content-type": "application/octet-stream", "x-hub-signature-256": "sha256=00" },
    });
    const made = curlCommand(record, { url: receiver.url, secrets: [], now: 1 });
    expect(made.resigned).toBe(false);
    expect(made.note).toMatch(/no secret known/);
    await paste(made.command);
    expect(receiver.received[0]?.method).toBe("PUT");
    expect(receiver.received[0]?.body.equals(bytes)).toBe(true);
    expect(receiver.received[0]?.headers["x-hub-signature-256"]).toBe("sha256=00");
  });

  it("reads the secret from $HOOKS_SECRET wherever the request echoes it, even in a binary body", async () => {
    const bytes = Buffer.concat([Buffer.from([0, 255]), Buffer.from(SECRET), Buffer.from([39])]);
    const record = captured({
      body: bytes.toString("base64"),
      bodyEncoding: "base64",
      bodyBytes: bytes.length,
      headers: { "content-type": "application/octet-stream", "x-other": `k=${CLOVER_CODE}` },
    });
    const made = curlCommand(record, {
      url: `${receiver.url}/q?api_key=${SECRET}`,
      secrets: [SECRET, CLOVER_CODE],
      now: 1,
    });
    expect(made.command).not.toContain(SECRET);
    expect(made.command).not.toContain(Buffer.from(SECRET).toString("base64").slice(0, 12));
    expect(made.command).not.toContain(CLOVER_CODE);
    expect(made.note).toMatch(/set HOOKS_SECRET .*; another known secret in it is masked/);
    await paste(made.command, { HOOKS_SECRET: SECRET });
    const [got] = receiver.received;
    expect(got?.path).toBe(`/q?api_key=${SECRET}`);
    expect(got?.body.equals(bytes)).toBe(true);
    expect(got?.headers["x-other"]).toMatch(/^k=c0.+9ab$/);
    expect(got?.headers["x-other"]).not.toContain(CLOVER_CODE);
  });
});
