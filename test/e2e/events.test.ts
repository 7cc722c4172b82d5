import { mkdtemp, readFile, rm, writeFile, appendFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standard } from "../../src/providers/standard.js";
import { lowerCaseHeaders } from "../../src/util/headers.js";
import { runCli } from "../helpers/cli.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";
import { capturedRecord } from "../helpers/captured-record.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const STALE = Math.floor(Date.now() / 1000) - 3600;
let dir: string;
let store: string;
const ids: string[] = [];
const BINARY = Buffer.from([0x00, 0xff, 0x80, 0x41]);

/** Captures three requests with a real `hooks listen`: a valid one, a stale one, a binary one. */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-events-e2e-"));
  store = join(dir, "events.jsonl");
  const proc = ListenProcess.start(
    ["--json", "--tunnel", "none", "--port", "0", "--store", store, "--secret", SECRET],
    { XDG_CONFIG_HOME: dir },
  );
  const { localUrl } = await proc.ready();
  const body = '{"type":"invoice.paid","data":{"id":"in_1"}}';
  for (const [id, timestamp] of [
    ["msg_fresh", undefined],
    ["msg_stale", STALE],
  ] as const) {
    const headers = standard.sign({ body: Buffer.from(body), secret: SECRET, id, timestamp });
    const reply = await send(`${String(localUrl)}/hooks?q=1`, { headers, body });
    ids.push(String(reply.headers["x-hooks-request-id"]));
  }
  const reply = await send(`${String(localUrl)}/bin`, { method: "PUT", body: BINARY });
  ids.push(String(reply.headers["x-hooks-request-id"]));
  expect(await proc.stop()).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const events = (...args: string[]) =>
  runCli(["events", ...args], { env: { XDG_CONFIG_HOME: dir } });

describe("hooks events list", () => {
  it("lists the most recent requests, oldest first, for people and as JSON", async () => {
    const human = await events("list", "--store", store);
    expect(human.code).toBe(0);
    expect(human.stdout.trim().split("\n")).toHaveLength(3);
    expect(human.stdout).toMatch(
      new RegExp(`${ids[0]}.*POST /hooks\\?q=1.*standard invoice.paid.*✔ valid.*-> 200`),
    );
    expect(human.stdout).toMatch(/✘ invalid: timestamp \d+ is \d+s old/);

    const json = await events("list", "--store", store, "--limit", "2", "--json");
    expect((JSON.parse(json.stdout) as { id: string }[]).map((r) => r.id)).toEqual(ids.slice(1));
  });

  it("skips a torn last line and says so on stderr", async () => {
    const torn = join(dir, "torn.jsonl");
    await writeFile(torn, await readFile(store));
    await appendFile(torn, '{"type":"request","id":"req_to');
    const result = await events("list", "--store", torn, "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(3);
    expect(result.stderr).toMatch(/skipped a torn last line/);
  });

  it("exits 2 naming what to do when there is no store", async () => {
    const result = await events("list", "--store", join(dir, "none.jsonl"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/run `hooks listen` first, or pass --store/);
  });
});

describe("hooks events show", () => {
  it("prints a request whose --json `hooks verify --request` accepts", async () => {
    const shown = await events("show", ids[0]!, "--store", store, "--json");
    expect(shown.code).toBe(0);
    const file = join(dir, "request.json");
    await writeFile(file, shown.stdout);
    const verified = await runCli(["verify", "--request", file, "--secret", SECRET, "--json"]);
    expect(JSON.parse(verified.stdout)).toMatchObject({ valid: true, provider: "standard" });
    expect(verified.code).toBe(0);
  });

  it("shows a binary body as base64 that decodes to the exact bytes", async () => {
    const shown = await events("show", ids[2]!.slice(0, 14), "--store", store, "--json");
    const record = JSON.parse(shown.stdout) as { body: string; bodyEncoding: string };
    expect(record.bodyEncoding).toBe("base64");
    expect(Buffer.from(record.body, "base64").equals(BINARY)).toBe(true);
    const human = await events("show", ids[2]!, "--store", store);
    expect(human.stdout).toMatch(/4 bytes, not UTF-8, shown as base64/);
  });

  it("says why a UTF-8 body of control characters is shown as base64", async () => {
    const body = Buffer.from("\u0001".repeat(70_000));
    const record = capturedRecord({
      id: "req_controls",
      headers: {},
      body: body.toString("base64"),
      bodyEncoding: "base64",
    });
    const file = join(dir, "controls.jsonl");
    await writeFile(file, `${JSON.stringify(record)}\n`);
    const human = await events("show", "req_controls", "--store", file);
    expect(human.stdout).toMatch(/70000 bytes, mostly control characters, shown as base64/);
  });
});

describe("hooks events replay", () => {
  let server: Server;
  let target: string;
  const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        seen.push({
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks),
        });
        res.writeHead(req.url === "/fail" ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("re-sends the captured method, headers and raw body", async () => {
    const result = await events(
      "replay",
      ids[2]!,
      "--store",
      store,
      "--to",
      `${target}/again`,
      "--json",
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, status: 204, resigned: false });
    const got = seen.at(-1)!;
    expect(got.method).toBe("PUT");
    expect(got.body.equals(BINARY)).toBe(true);
  });

  it("--resign signs again with the current secret and time, keeping the message id", async () => {
    const result = await events(
      "replay",
      ids[1]!,
      "--store",
      store,
      "--to",
      `${target}/r`,
      "--resign",
      "--secret",
      SECRET,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/replayed .* \(re-signed\)/);
    const got = seen.at(-1)!;
    const headers = lowerCaseHeaders(got.headers);
    expect(headers["webhook-id"]).toBe("msg_stale");
    expect(Number(headers["webhook-timestamp"])).toBeGreaterThan(STALE);
    expect(standard.verify({ body: got.body, headers, secrets: [SECRET] }).valid).toBe(true);
  });

  it("exits 1 when the target fails or is down", async () => {
    const failed = await events("replay", ids[0]!, "--store", store, "--to", `${target}/fail`);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/answered 500/);
    const down = await events(
      "replay",
      ids[0]!,
      "--store",
      store,
      "--to",
      "http://127.0.0.1:1/x",
      "--json",
    );
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stdout).error).toMatch(/connection refused/);
  });
});
