import { createHash, createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";
import { signatureIsValid, startReceiver, type Receiver } from "../send/receiver.js";

// UP42's scheme end to end, through the built binary. The independent checks follow UP42's own
// receivers (up42/up42-webhooks, snippets/validate_webhook.py): the headers signature-input lists,
// their values joined with nothing, HMAC-SHA256 keyed with the secret as text.

const SECRET = "QWZTFnMEXhqZKNmu";
const CREATED = "1645197138";
const PRETTY = `{\n  "event": "order.status",\n  "body": {\n    "orderId": "a1b2",\n    "status": "FULFILLED"\n  }\n}`;
const TAMPERED = PRETTY.replace("FULFILLED", "FAILED_PERMANENTLY");
const COMPACT = JSON.stringify(JSON.parse(PRETTY));

let dir = "";
const file = (name: string) => join(dir, name);
let receiver: Receiver | undefined;
let listener: ListenProcess | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hooks-up42-e2e-"));
  for (const [name, body] of Object.entries({ PRETTY, TAMPERED, COMPACT }))
    writeFileSync(file(name), body);
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await listener?.stop("SIGKILL");
  listener = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hooks = (args: string[]) =>
  runCli(args, { env: { HOOKS_CONFIG_DIR: dir, XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir } });

/** `hooks sign --provider up42 --json` over PRETTY, as of CREATED. */
async function signed(): Promise<Record<string, string>> {
  const run = await hooks([
    "sign",
    "--provider",
    "up42",
    "--secret",
    SECRET,
    "--payload",
    file("PRETTY"),
    "--id",
    "d-1",
    "--timestamp",
    CREATED,
    "--json",
  ]);
  expect(run).toMatchObject({ code: 0, stderr: "" });
  return (JSON.parse(run.stdout) as { headers: Record<string, string> }).headers;
}

/** `hooks verify --json` of `payload` with `headers`, without --provider (detection). */
async function verify(headers: Record<string, string>, payload: string, extra: string[] = []) {
  const run = await hooks([
    "verify",
    "--secret",
    SECRET,
    "--payload",
    file(payload),
    ...Object.entries(headers).flatMap(([name, value]) => ["--header", `${name}: ${value}`]),
    "--json",
    ...extra,
  ]);
  return { code: run.code, out: JSON.parse(run.stdout) as Record<string, unknown> };
}

describe("hooks sign and verify --provider up42", () => {
  it("signs what UP42's snippet checks, and verify (telling up42 from the headers) accepts it", async () => {
    const headers = await signed();
    const digest = `sha-256=:${createHash("sha256").update(PRETTY).digest("base64")}:`;
    expect(headers["content-digest"]).toBe(digest);
    const list = /up42-sig=\(([^)]*)\);created=(\d+)/.exec(headers["signature-input"] ?? "");
    expect(list?.[2]).toBe(CREATED);
    const names = list?.[1]?.match(/[^"\s]+/g) ?? [];
    expect(names).toContain("content-digest");
    const message = names.map((name) => headers[name]).join("");
    expect(headers.signature).toBe(
      `up42-sig=${createHmac("sha256", SECRET).update(message).digest("base64")}`,
    );
    expect(await verify(headers, "PRETTY", ["--now", CREATED])).toEqual({
      code: 0,
      out: expect.objectContaining({ valid: true, provider: "up42" }),
    });
  });

  it("fails a tampered body by its content-digest, and an expired created time", async () => {
    const headers = await signed();
    const tampered = await verify(headers, "TAMPERED", ["--now", CREATED]);
    expect(tampered).toMatchObject({
      code: 1,
      out: { valid: false, code: "body_digest_mismatch" },
    });
    expect(tampered.out.reason).toMatch(/content-digest does not match/);
    const late = String(Number(CREATED) + 301);
    expect(await verify(headers, "PRETTY", ["--now", late])).toMatchObject({
      code: 1,
      out: { valid: false, code: "timestamp_too_old" },
    });
  });

  it("--explain names a body re-serialised as compact JSON, and the clock", async () => {
    const headers = await signed();
    const compact = await verify(headers, "COMPACT", ["--now", CREATED, "--explain"]);
    expect(compact.code).toBe(1);
    expect(compact.out.explanation).toMatchObject({ matched: expect.stringMatching(/JSON/) });
    const late = await verify(headers, "PRETTY", ["--now", "1999999999", "--explain"]);
    expect(late.out.explanation).toMatchObject({ matched: expect.stringMatching(/tolerance/) });
  });
});

describe("hooks send --provider up42", () => {
  it("delivers every sample to a server that checks UP42's signature on its own", async () => {
    receiver = await startReceiver((request, _n, response) => {
      response.statusCode = signatureIsValid("up42", SECRET, "", request) ? 200 : 401;
      response.end();
    });
    const run = await hooks(["send", receiver.url, "--provider", "up42", "--secret", SECRET]);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("2 passed, 0 failed");
    expect(receiver.requests.map((r) => JSON.parse(r.body.toString()).event)).toEqual([
      "order.status",
      "job.status",
    ]);
    const wrong = await hooks(["send", receiver.url, "--provider", "up42", "--secret", "other"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain("0 passed, 2 failed");
  });
});

describe("hooks listen with an UP42 delivery", () => {
  it("tells up42 from the headers and checks the body against content-digest", async () => {
    listener = ListenProcess.start(
      [
        "--tunnel",
        "none",
        "--port",
        "0",
        "--store",
        file("events.jsonl"),
        "--json",
        "--secret",
        SECRET,
      ],
      { XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir, HOOKS_CONFIG_DIR: dir },
    );
    const ready = await listener.ready();
    // Signed now: the listener checks the created time against its own clock.
    const run = await hooks([
      "sign",
      "--provider",
      "up42",
      "--secret",
      SECRET,
      "--payload",
      file("PRETTY"),
      "--json",
    ]);
    const { headers } = JSON.parse(run.stdout) as { headers: Record<string, string> };
    await send(`${ready.localUrl}/up42`, { headers, body: PRETTY });
    await send(`${ready.localUrl}/up42`, { headers, body: TAMPERED });
    const [good, bad] = [
      await listener.waitFor((l) => l.type === "request" && l.body === PRETTY),
      await listener.waitFor((l) => l.type === "request" && l.body === TAMPERED),
    ];
    expect(good).toMatchObject({
      provider: "up42",
      eventType: "order.status",
      signature: { status: "valid" },
    });
    expect(bad).toMatchObject({ provider: "up42", signature: { status: "invalid" } });
    expect((bad.signature as { reason: string }).reason).toMatch(/content-digest does not match/);
  });
});
