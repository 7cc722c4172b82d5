import { createServer, type Server } from "node:http";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";
import { FAKE_CLOUDFLARED } from "../tunnel/fake.js";

// Issue 11, items 5 and 4, against the built binary on 127.0.0.1.

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSSw";
const MASKED = "whsec_Mf…SSw";
// OSC 52 writes the clipboard; ESC and BEL must never reach a terminal raw.
const OSC52 = "\u001b]52;c;cm0gLXJmIH4=\u0007";
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u001b\u0007\u009b]/;

let dir: string;
let listening: ListenProcess | undefined;
let server: Server | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-hostile-secrets-"));
});
afterEach(async () => {
  await listening?.stop("SIGTERM");
  listening = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const env = (): Record<string, string> => ({ HOOKS_CONFIG_DIR: dir });

function listen(args: string[], extra: Record<string, string | undefined> = {}): ListenProcess {
  const store = join(dir, "events.jsonl");
  const base = ["--port", "0", "--no-inspect", "--store", store];
  listening = ListenProcess.start([...base, ...args], { ...env(), ...extra });
  return listening;
}

/** A server that answers every request with `status` and `body`. */
async function answering(status: number, body: string): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(status, { "content-type": "text/plain" }).end(body));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("item 5: a known secret is never printed whole", () => {
  it("in the path, query, a header and the body: masked by listen --json, events list/show; kept raw in the store", async () => {
    const proc = listen(["--json", "--tunnel", "none", "--secret", SECRET]);
    const ready = await proc.ready();
    const query = `/q?api_key=${SECRET}&enc=${encodeURIComponent(SECRET)}`;
    await send(`${String(ready.localUrl)}${query}`, {
      headers: { "content-type": "application/json", "x-echo": SECRET },
      body: JSON.stringify({ echo: SECRET }),
    });
    const line = await proc.waitFor((l) => l.type === "request");
    expect(proc.stdout).not.toContain(SECRET);
    expect(proc.stdout).not.toContain(encodeURIComponent(SECRET));
    expect(line.path).toBe(`/q?api_key=${MASKED}&enc=${MASKED}`);
    expect(String(line.url)).toContain(`api_key=${MASKED}`);

    const store = join(dir, "events.jsonl");
    expect(await readFile(store, "utf8")).toContain(`api_key=${SECRET}`);
    const shown = { ...env(), HOOKS_SECRET: SECRET };
    for (const args of [
      ["events", "list", "--store", store],
      ["events", "list", "--store", store, "--json"],
      ["events", "show", String(line.id), "--store", store],
      ["events", "show", String(line.id), "--store", store, "--json"],
    ]) {
      const result = await runCli(args, { env: shown });
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.stdout, args.join(" ")).toContain(MASKED);
      expect(result.stdout + result.stderr, args.join(" ")).not.toContain(SECRET);
    }
  });

  it("in the human listen line and its closing summary", async () => {
    const proc = listen(["--tunnel", "none", "--secret", SECRET, "--expect", "1"]);
    await proc.waitForText(/Ready!/);
    const localUrl = /listening on (\S+)/.exec(proc.stdout)?.[1] ?? "";
    await send(`${localUrl}/q?api_key=${SECRET}`, { method: "GET" });
    expect(await proc.exited).toBe(1); // unsigned, so the expectation is not met
    expect(proc.stdout).toContain(`/q?api_key=${MASKED}`);
    expect(proc.stdout + proc.stderr).not.toContain(SECRET);
  });

  it("in the URL of hooks send's banner and in a server's answer that echoes it", async () => {
    const url = await answering(401, `bad key ${SECRET}`);
    const target = `${url}/hook?token=${SECRET}`;
    const args = ["send", target, "--provider", "stripe", "--secret", SECRET, "--event"];
    const human = await runCli([...args, "payment_intent.succeeded"], { env: env() });
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`/hook?token=${MASKED}`);
    expect(human.stdout).toContain(`bad key ${MASKED}`);
    const json = await runCli([...args, "payment_intent.succeeded", "--json"], { env: env() });
    expect(json.stdout).toContain(`bad key ${MASKED}`);
    expect(human.stdout + human.stderr + json.stdout + json.stderr).not.toContain(SECRET);
  });

  it("cloudflared is started without HOOKS_SECRET or any provider's API credential", async () => {
    const dump = join(dir, "cloudflared-env.json");
    const credentials = {
      HOOKS_SECRET: SECRET,
      SQUARE_ACCESS_TOKEN: "EAAAl-square",
      STRIPE_API_KEY: "sk_test_stripe",
      GITHUB_TOKEN: "ghp_github",
      GH_TOKEN: "gho_gh",
      SHOPIFY_ACCESS_TOKEN: "shpat_shopify",
      UP42_PASSWORD: "up42-password",
      POYNT_PRIVATE_KEY: "/keys/poynt.pem",
      AWS_SECRET_ACCESS_KEY: "aws-secret",
    };
    const proc = listen(["--json"], {
      ...credentials,
      CLOUDFLARED_BIN: FAKE_CLOUDFLARED,
      FAKE_CLOUDFLARED_ENV: dump,
    });
    await proc.ready();
    const seen = JSON.parse(await readFile(dump, "utf8")) as Record<string, string>;
    for (const name of Object.keys(credentials)) expect(seen, name).not.toHaveProperty(name);
    // What cloudflared does need stays: PATH (and its own test knobs here).
    expect(seen.PATH).toBe(process.env.PATH);
    expect(seen.FAKE_CLOUDFLARED_ENV).toBe(dump);
  });

  it("a secret of 7 to 23 characters shows none of its characters when masked", async () => {
    for (const secret of ["abcdefg", "abcdefghij", "abcdefghijklmno", "abcdefghijklmnopqrstuvw"]) {
      const result = await runCli(["sign", "--provider", "clover", "--secret", secret], {
        env: env(),
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe("X-Clover-Auth: ••••\n");
    }
    const proc = listen(["--tunnel", "none", "--secret", "abcdefghij", "--timeout", "0.3"]);
    await proc.waitForText(/Ready!/);
    expect(proc.stdout).toMatch(/secret +••••\n/);
  });
});

describe("item 5: --secret-file gives the secret without the command line", () => {
  it("sign and verify read it from a file (trailing newline stripped) or stdin; one secret a line", async () => {
    const file = join(dir, "secret");
    const payload = join(dir, "body.json");
    await writeFile(file, `${SECRET}\n`);
    await writeFile(payload, '{"id":"evt_1"}');
    const signed = await runCli(
      ["sign", "--provider", "stripe", "--secret-file", file, "--payload", payload],
      { env: env() },
    );
    expect(signed.code).toBe(0);
    const header = signed.stdout.trim();
    const verify = ["verify", "--provider", "stripe", "--payload", payload, "--header", header];
    expect((await runCli([...verify, "--secret-file", file], { env: env() })).code).toBe(0);
    const piped = await runCli([...verify, "--secret-file", "-"], {
      env: env(),
      input: `${SECRET}\r\n`,
    });
    expect(piped.code).toBe(0);
    // Key rotation: the old secret on one line, the new one on the next.
    await writeFile(file, `whsec_old-one-no-longer-used\n${SECRET}\n`);
    expect((await runCli([...verify, "--secret-file", file], { env: env() })).code).toBe(0);
  });

  it("send, listen and events replay --resign take it too", async () => {
    const file = join(dir, "secret");
    await writeFile(file, `${SECRET}\n`);
    const proc = listen(["--json", "--tunnel", "none", "--secret-file", file]);
    const ready = await proc.ready();
    const sent = await runCli(
      [
        "send",
        String(ready.localUrl),
        "--provider",
        "stripe",
        "--secret-file",
        file,
        "--event",
        "payment_intent.succeeded",
      ],
      { env: env() },
    );
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain(`secret ${MASKED}`);
    const line = await proc.waitFor((l) => l.type === "request");
    expect(line.signature).toMatchObject({ status: "valid" });
    const replayed = await runCli(
      [
        "events",
        "replay",
        String(line.id),
        "--to",
        String(ready.localUrl),
        "--resign",
        "--secret-file",
        file,
        "--store",
        join(dir, "events.jsonl"),
      ],
      { env: env() },
    );
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain("(re-signed)");
  });

  it("refuses, in one line and exit 2: stdin twice, a missing or empty file, a padded line, both flags", async () => {
    const file = join(dir, "secret");
    const payload = join(dir, "body.json");
    await writeFile(payload, "{}");
    const verify = ["verify", "--provider", "stripe", "--signature", "t=1,v1=00"];
    const cases: [string[], string | undefined, RegExp][] = [
      [[...verify, "--payload", "-", "--secret-file", "-"], SECRET, /cannot both read stdin/],
      [
        [...verify, "--payload", payload, "--secret-file", join(dir, "nope")],
        undefined,
        /no such file/,
      ],
      [[...verify, "--payload", payload, "--secret-file", file], undefined, /holds no secret/],
      [[...verify, "--payload", payload, "--secret-file", dir], undefined, /is a directory/],
    ];
    await writeFile(file, "\n");
    for (const [args, input, message] of cases) {
      const result = await runCli(args, { env: env(), input: input ?? "" });
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
    await writeFile(file, `${SECRET} \n`);
    const padded = await runCli([...verify, "--payload", payload, "--secret-file", file], {
      env: env(),
    });
    expect(padded.code).toBe(2);
    expect(padded.stderr).toMatch(/line 1: it starts or ends with a space/);
    expect(padded.stderr).not.toContain(SECRET);
    const both = await runCli(
      [...verify, "--payload", payload, "--secret-file", file, "--secret", "x"],
      { env: env() },
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--secret and --secret-file cannot be combined/);
  });
});

describe("item 4: text from a server or another program never reaches the terminal raw", () => {
  it("hooks send's report quotes a server's answer with control characters escaped", async () => {
    const url = await answering(500, `oops ${OSC52}\u001b[2J`);
    const result = await runCli(
      [
        "send",
        url,
        "--provider",
        "stripe",
        "--secret",
        SECRET,
        "--event",
        "payment_intent.succeeded",
      ],
      { env: env() },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("oops \\u001b]52;c;");
    expect(result.stdout).not.toMatch(RAW_CONTROL);
  });

  it("the closing summary of listen --expect shows what a sender wrote escaped", async () => {
    const proc = listen(["--tunnel", "none", "--secret", SECRET, "--expect", "1"]);
    await proc.waitForText(/Ready!/);
    const localUrl = /listening on (\S+)/.exec(proc.stdout)?.[1] ?? "";
    await send(`${localUrl}/x`, {
      headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=00" },
      body: JSON.stringify({ id: "evt_1", type: `charge.${OSC52}` }),
    });
    expect(await proc.exited).toBe(1);
    expect(proc.stdout).toContain("had no valid signature");
    expect(proc.stdout + proc.stderr).not.toMatch(RAW_CONTROL);
  });

  it("cloudflared's complaint, relayed by listen, is escaped", async () => {
    const proc = listen(["--timeout", "2"], {
      CLOUDFLARED_BIN: FAKE_CLOUDFLARED,
      FAKE_CLOUDFLARED_MODE: "fail",
      FAKE_CLOUDFLARED_ERROR: `edge said ${OSC52}`,
    });
    await proc.waitForText(/edge said/);
    expect(proc.stdout + proc.stderr).not.toMatch(RAW_CONTROL);
  });

  it("hooks doctor shows cloudflared's --version answer escaped", async () => {
    const result = await runCli(["doctor"], {
      env: { ...env(), CLOUDFLARED_BIN: FAKE_CLOUDFLARED, FAKE_CLOUDFLARED_VERSION: OSC52 },
    });
    expect(result.stdout).toContain("\\u001b]52");
    expect(result.stdout).not.toMatch(RAW_CONTROL);
  });
});
