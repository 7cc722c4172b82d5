import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { github } from "../../src/providers/github.js";
import { square } from "../../src/providers/square.js";
import { stripe } from "../../src/providers/stripe.js";
import { runCli } from "../helpers/cli.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";
import { capturedRecord } from "../helpers/captured-record.js";

// Issue 10: every command reads its settings through one resolver (flag, HOOKS_*, profile,
// default), and a provider that comes from a profile is a default, never a reason to mislabel.

const SQUARE_SECRET = "square-profile-secret";
const BODY = '{"type":"payment.created","event_id":"evt_1"}';
const URL_SIGNED = "https://hooks.example/square";

let dir: string;
let config: string;
let payload: string;
const running: ListenProcess[] = [];

/** `hooks` with the square profile saved in `config` (plus a `staging` profile). */
const hooks = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(args, { env: { HOOKS_CONFIG_DIR: config, ...env } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hooks-settings-"));
  config = join(dir, "config");
  payload = join(dir, "payload.json");
  writeFileSync(payload, BODY);
  for (const args of [
    ["config", "set", "provider", "square"],
    ["config", "set", "secret", SQUARE_SECRET],
    ["config", "set", "secret", "staging-secret-value", "--profile", "staging"],
  ]) {
    const result = await hooks(args);
    expect(result.stderr).toBe("");
  }
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((proc) => proc.stop()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sign and verify take provider and secret from the profile and HOOKS_*", () => {
  it("hooks sign signs with the profile's provider and secret", async () => {
    const result = await hooks(["sign", "--payload", payload, "--url", URL_SIGNED]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const expected = square.sign({
      body: Buffer.from(BODY),
      secret: SQUARE_SECRET,
      url: URL_SIGNED,
    });
    expect(result.stdout).toBe(
      `x-square-hmacsha256-signature: ${expected["x-square-hmacsha256-signature"]}\n`,
    );
  });

  it("hooks sign takes HOOKS_PROVIDER over the profile's", async () => {
    const result = await hooks(["sign", "--payload", payload, "--json"], {
      HOOKS_PROVIDER: "github",
    });
    expect(result.code).toBe(0);
    const expected = github.sign({ body: Buffer.from(BODY), secret: SQUARE_SECRET });
    expect(JSON.parse(result.stdout).headers).toEqual(expected);
  });

  it("hooks verify checks with the profile's provider and secret", async () => {
    const signed = square.sign({ body: Buffer.from(BODY), secret: SQUARE_SECRET, url: URL_SIGNED });
    const result = await hooks([
      "verify",
      "--payload",
      payload,
      "--url",
      URL_SIGNED,
      "--signature",
      String(signed["x-square-hmacsha256-signature"]),
      "--json",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, provider: "square" });
  });

  it("hooks verify lets headers that name a scheme win, and says the profile expected another", async () => {
    const headers = github.sign({ body: Buffer.from(BODY), secret: "gh-secret" });
    const header = Object.entries(headers).map(([name, value]) => `${name}: ${value}`)[0]!;
    const result = await hooks([
      "verify",
      "--payload",
      payload,
      "--header",
      header,
      "--secret",
      "gh-secret",
      "--json",
    ]);
    expect(result.code).toBe(0);
    const outcome = JSON.parse(result.stdout);
    expect(outcome).toMatchObject({ valid: true, provider: "github" });
    expect(outcome.reason).toMatch(/signed as github, but the profile "default" expects square/);
    const human = await hooks(["verify", "--payload", payload, "--header", header]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(
      /✘ invalid \(github\) .*; signed as github, but the profile "default" expects square/,
    );
  });
});

describe("a profile name that is not saved", () => {
  const message =
    /^hooks: no saved profile "prod" \(--profile\); saved profiles: default, staging; create it with `hooks init --profile prod`\n$/;

  it.each([
    ["sign", ["sign", "--payload", "-", "--url", URL_SIGNED]],
    ["send", ["send", "http://127.0.0.1:9/hooks", "--event", "payment.created"]],
    ["verify", ["verify", "--payload", "-", "--signature", "x"]],
    ["listen", ["listen", "--tunnel", "none", "--no-inspect", "--port", "0"]],
    ["events list", ["events", "list"]],
    ["config get", ["config", "get", "provider"]],
    ["config list", ["config", "list"]],
    ["config unset", ["config", "unset", "provider"]],
  ])("is the same error in %s", async (_name, args) => {
    const result = await hooks(["--profile", "prod", ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it("names HOOKS_PROFILE when that is where it came from", async () => {
    const result = await hooks(["sign", "--payload", "-", "--url", URL_SIGNED], {
      HOOKS_PROFILE: "prod",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no saved profile "prod" \(HOOKS_PROFILE\); saved profiles/);
  });
});

describe("hooks events list/show mask with the chosen profile's secrets", () => {
  it("masks the --profile's secret in a captured body", async () => {
    const store = join(dir, "events.jsonl");
    const record = capturedRecord({ id: "req_masked", body: '{"echo":"staging-secret-value"}' });
    writeFileSync(store, `${JSON.stringify(record)}\n`);
    const shown = await hooks([
      "--profile",
      "staging",
      "events",
      "show",
      "req_masked",
      "--store",
      store,
      "--json",
    ]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toContain("staging-secret-value");
    const listed = await hooks([
      "--profile",
      "staging",
      "events",
      "list",
      "--store",
      store,
      "--json",
    ]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain("staging-secret-value");
  });
});

describe("hooks events replay --resign", () => {
  it("signs a capture whose provider was unknown with the profile's provider and secret", async () => {
    const received: Record<string, string | string[] | undefined>[] = [];
    const server = createServer((req, res) => {
      received.push(req.headers);
      req.resume().on("end", () => res.end());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const to = `http://127.0.0.1:${(server.address() as AddressInfo).port}/square`;
    const store = join(dir, "replay.jsonl");
    const record = capturedRecord({ id: "req_replay", body: BODY });
    writeFileSync(store, `${JSON.stringify(record)}\n`);
    try {
      const result = await hooks([
        "events",
        "replay",
        "req_replay",
        "--to",
        to,
        "--resign",
        "--store",
        store,
      ]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    } finally {
      server.close();
    }
    const expected = square.sign({ body: Buffer.from(BODY), secret: SQUARE_SECRET, url: to });
    expect(received[0]?.["x-square-hmacsha256-signature"]).toBe(
      expected["x-square-hmacsha256-signature"],
    );
  });
});

describe("HOOKS_PORT=0 picks a free port, as --port 0 does", () => {
  it("starts hooks listen on a free port", async () => {
    const proc = ListenProcess.start(
      ["--tunnel", "none", "--no-inspect", "--json", "--store", join(dir, "port0.jsonl")],
      {
        HOOKS_CONFIG_DIR: config,
        HOOKS_PORT: "0",
      },
    );
    running.push(proc);
    const ready = await proc.ready();
    expect(ready.port).toEqual(expect.any(Number));
    expect(ready.port).not.toBe(0);
  });
});

/** `hooks listen` on a free port, no tunnel, no inspector, storing to `<name>.jsonl`. */
const listenArgs = (name: string, ...extra: string[]) => [
  "--tunnel",
  "none",
  "--no-inspect",
  "--port",
  "0",
  "--store",
  join(dir, `${name}.jsonl`),
  ...extra,
];

describe("hooks listen with a profile's provider still detects each request", () => {
  it("labels GitHub and Stripe requests as what they are, with a note, and unsigned ones as square", async () => {
    const proc = ListenProcess.start(listenArgs("detect", "--json"), { HOOKS_CONFIG_DIR: config });
    running.push(proc);
    const { localUrl } = await proc.ready();
    const body = Buffer.from('{"zen":"hi"}');
    await send(String(localUrl), {
      headers: github.sign({ body, secret: SQUARE_SECRET }) as Record<string, string>,
      body,
    });
    await send(String(localUrl), {
      headers: stripe.sign({ body, secret: "whsec_other" }) as Record<string, string>,
      body,
    });
    await send(String(localUrl), { body });
    await proc.waitFor((line) => line.type === "request" && line.provider === "square");
    const requests = proc.lines.filter((line) => line.type === "request");
    expect(requests.map((line) => line.provider)).toEqual(["github", "stripe", "square"]);
    const [gh, st, plain] = requests.map(
      (line) => line.signature as { status: string; reason: string; note?: string },
    );
    // The user has one secret set: a request signed by another provider is checked with it too.
    expect(gh).toMatchObject({
      status: "valid",
      note: 'signed as github, but the profile "default" expects square',
    });
    expect(st?.status).toBe("invalid");
    expect(st?.reason).toMatch(/; signed as stripe, but the profile "default" expects square$/);
    expect(plain).toMatchObject({ status: "unsigned" });
    expect(plain?.note).toBeUndefined();
  });

  it("says in the banner where the provider came from, and notes the other provider on the line", async () => {
    const proc = ListenProcess.start(listenArgs("banner"), { HOOKS_CONFIG_DIR: config });
    running.push(proc);
    await proc.waitForText(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    expect(proc.stdout).toMatch(/provider +square \(from profile "default"\)/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.stdout)![1]!;
    const body = Buffer.from('{"zen":"hi"}');
    await send(url, {
      headers: github.sign({ body, secret: SQUARE_SECRET }) as Record<string, string>,
      body,
    });
    await proc.waitForText(/<-- 200/);
    expect(proc.stdout).toMatch(
      /--> POST \/ {2}github[^\n]*✔ valid {2}\(signed as github, but the profile "default" expects square\)/,
    );
  });

  it.each([
    ["--provider", ["--provider", "stripe"], {}, /provider +stripe \(from --provider\)/],
    [
      "HOOKS_PROVIDER",
      [],
      { HOOKS_PROVIDER: "github" },
      /provider +github \(from HOOKS_PROVIDER\)/,
    ],
  ])("names %s in the banner", async (_name, extra, env, banner) => {
    const proc = ListenProcess.start(listenArgs(`banner-${_name}`, ...extra), {
      HOOKS_CONFIG_DIR: config,
      ...env,
    });
    running.push(proc);
    await proc.waitForText(/listening on/);
    expect(proc.stdout).toMatch(banner);
  });

  it("says detected per request when no provider is set", async () => {
    const proc = ListenProcess.start(listenArgs("banner-none"));
    running.push(proc);
    await proc.waitForText(/listening on/);
    expect(proc.stdout).toMatch(/provider +any \(detected per request\)/);
  });
});

describe("a Clover verification POST is always caught", () => {
  // Clover's own documented sample: not a valid UUID ("bOba").
  const SAMPLE = "5220ecf5-7dea-4396-bOba-a1659c182887";

  it("even when --provider names another provider", async () => {
    const proc = ListenProcess.start(listenArgs("clover", "--json", "--provider", "square"), {
      HOOKS_CONFIG_DIR: config,
    });
    running.push(proc);
    const { localUrl } = await proc.ready();
    await send(String(localUrl), { body: JSON.stringify({ verificationCode: SAMPLE }) });
    const line = await proc.waitFor((l) => l.type === "request");
    expect(line).toMatchObject({
      provider: "clover",
      verificationCode: SAMPLE,
      eventType: "verification",
    });
  });

  it("is boxed for people with control characters escaped, with the profile's provider set", async () => {
    const proc = ListenProcess.start(listenArgs("clover-human"), { HOOKS_CONFIG_DIR: config });
    running.push(proc);
    await proc.waitForText(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.stdout)![1]!;
    await send(url, { body: JSON.stringify({ verificationCode: SAMPLE }) });
    await send(url, { body: JSON.stringify({ verificationCode: "abc\u001b[2Jdef" }) });
    await proc.waitForText(/(<-- 200[^]*){2}/);
    expect(proc.stdout).toMatch(new RegExp(`│ +${SAMPLE} +│`));
    expect(proc.stdout).toContain("abc\\u001b[2Jdef");
    expect(proc.stdout).not.toContain("\u001b[2J");
  });
});
