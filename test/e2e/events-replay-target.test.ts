import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";

let dir: string;
let store: string;
let id: string;
let app: Server;
let appUrl: string;
const seen: { url: string; body: string }[] = [];
/** An app whose /fail answers 500 with a long body holding a control character. */
const FAILURE = `boom: the database is down\u001b[31m ${"x".repeat(400)}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-replay-target-e2e-"));
  store = join(dir, "events.jsonl");
  app = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      seen.push({ url: req.url ?? "", body });
      if (req.url?.startsWith("/fail")) res.writeHead(500).end(FAILURE);
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  // One capture by a real listener, at a path with a query.
  const proc = ListenProcess.start(["--json", "--tunnel", "none", "--port", "0", "--store", store]);
  const { localUrl } = await proc.ready();
  const reply = await send(`${String(localUrl)}/hooks/in?q=1`, { body: '{"n":1}' });
  id = String(reply.headers["x-hooks-request-id"]);
  expect(await proc.stop()).toBe(0);
});
afterAll(async () => {
  await new Promise<void>((resolve) => app.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

const replay = (env: Record<string, string>, ...args: string[]) =>
  runCli(["events", "replay", id, "--store", store, ...args], {
    env: { HOOKS_CONFIG_DIR: dir, ...env },
  });

describe("hooks events replay without --to", () => {
  it("goes to HOOKS_FORWARD_TO, at the record's own path when it is a bare origin", async () => {
    const result = await replay({ HOOKS_FORWARD_TO: appUrl }, "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, to: `${appUrl}/hooks/in?q=1` });
    expect(seen.at(-1)).toEqual({ url: "/hooks/in?q=1", body: '{"n":1}' });
  });

  it("goes to the profile's forwardTo, else the profile's url", async () => {
    const profileDir = await mkdtemp(join(dir, "profile-"));
    const config = (...args: string[]) =>
      runCli(["config", ...args], { env: { HOOKS_CONFIG_DIR: profileDir } });
    expect((await config("set", "url", `${appUrl}/from-url`)).code).toBe(0);
    const viaUrl = await replay({ HOOKS_CONFIG_DIR: profileDir });
    expect(viaUrl.code).toBe(0);
    expect(viaUrl.stdout).toContain(`-> POST ${appUrl}/from-url: 204`);
    expect(seen.at(-1)?.url).toBe("/from-url");

    expect((await config("set", "forwardTo", `${appUrl}/app`)).code).toBe(0);
    const viaForward = await replay({ HOOKS_CONFIG_DIR: profileDir });
    expect(viaForward.code).toBe(0);
    // A forward target with a path takes every request there, the query kept (as listen does).
    expect(seen.at(-1)?.url).toBe("/app?q=1");
    // Four CLI runs one after another: on a loaded machine that is past the default 20 s.
  }, 60_000);

  it("without a target, exits 2 saying what to set, before reading the store", async () => {
    const result = await runCli(["events", "replay", "req_nope", "--store", join(dir, "none")], {
      env: { HOOKS_CONFIG_DIR: dir },
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      "hooks: nowhere to replay to: pass --to <url>, or set a forward target (HOOKS_FORWARD_TO, or hooks config set forwardTo <url>) or a url (HOOKS_URL, or hooks config set url <url>)",
    );
  });

  it("a failed replay shows the app's status and the start of its body, printable and bounded", async () => {
    const human = await replay({ HOOKS_FORWARD_TO: `${appUrl}/fail` });
    expect(human.code).toBe(1);
    const line = human.stdout.trim();
    expect(line).toMatch(
      /✘ replayed .* -> POST http:\/\/127\.0\.0\.1:\d+\/fail\?q=1: answered 500: boom: the database is down/,
    );
    // The escape character is shown escaped, never sent to the terminal.
    expect(line).not.toContain("\u001b");
    expect(line).toMatch(/x…$/);
    expect(line.length).toBeLessThan(300);

    const json = await replay({ HOOKS_FORWARD_TO: `${appUrl}/fail` }, "--json");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      status: 500,
      error: expect.stringMatching(/^answered 500: boom: the database is down/),
    });
  });
});
