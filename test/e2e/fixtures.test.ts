import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { ListenProcess, type JsonLine } from "../listener/listen-process.js";

/** Two Stripe keys: the captures are signed with the first, the replays with the second. */
const SECRET_A = `whsec_${Buffer.from("fixtures-e2e-first-secret-32byte").toString("base64")}`;
const SECRET_B = `whsec_${Buffer.from("fixtures-e2e-other-secret-32byte").toString("base64")}`;

type RequestLine = JsonLine & {
  id: string;
  body: string;
  eventType?: string;
  headers: Record<string, string>;
  signature: { status: string; reason: string };
};

let dir: string;
let captures: string;
const running: ListenProcess[] = [];
/** What the first listener captured from a real `hooks send`. */
let captured: RequestLine[];

const env = (): Record<string, string> => ({ XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir });

async function listen(
  store: string,
  secret: string,
): Promise<{ child: ListenProcess; url: string }> {
  const child = ListenProcess.start(
    ["--tunnel", "none", "--port", "0", "--no-inspect", "--json", "--store", store].concat([
      "--provider",
      "stripe",
      "--secret",
      secret,
    ]),
    env(),
  );
  running.push(child);
  const ready = (await child.ready()) as JsonLine & { localUrl: string };
  return { child, url: `${ready.localUrl}/webhooks` };
}

async function requests(child: ListenProcess, count: number): Promise<RequestLine[]> {
  await child.waitFor(() => child.lines.filter((line) => line.type === "request").length >= count);
  return child.lines.filter((line) => line.type === "request") as RequestLine[];
}

const hooks = (args: string[]) => runCli(args, { env: env(), timeoutMs: 30_000 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-fixtures-e2e-"));
  captures = join(dir, "captures.jsonl");
  const { child, url } = await listen(captures, SECRET_A);
  const sent = await hooks(
    ["send", url, "--provider", "stripe", "--secret", SECRET_A].concat([
      "--event",
      "payment_intent.succeeded",
      "--event",
      "charge.refunded",
    ]),
  );
  expect(sent.code, sent.stderr).toBe(0);
  captured = await requests(child, 2);
  expect(captured.map((line) => line.signature.status)).toEqual(["valid", "valid"]);
  await child.stop("SIGINT");
}, 30_000);

afterAll(async () => {
  for (const child of running.splice(0)) await child.stop("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

describe("hooks events export, then hooks send --samples", () => {
  it("writes secret-free sample files that a listener with another secret verifies", async () => {
    const fixtures = join(dir, "fixtures");
    const [first, second] = captured as [RequestLine, RequestLine];
    // A unique prefix names a request as `hooks events show` takes it.
    const ids = [first.id, second.id.slice(0, -3)];
    const exported = await hooks(
      ["events", "export", ...ids, "--to", fixtures, "--store", captures, "--json"].concat([
        "--secret",
        SECRET_A,
      ]),
    );
    expect(exported.code, exported.stderr).toBe(0);
    const { files } = JSON.parse(exported.stdout) as { files: { id: string; file: string }[] };
    expect(files.map((file) => file.id)).toEqual([first.id, second.id]);
    const names = (await readdir(fixtures)).sort();
    expect(names).toEqual(
      [
        `stripe-payment_intent.succeeded-${first.id.slice(-6)}.json`,
        `stripe-charge.refunded-${second.id.slice(-6)}.json`,
      ].sort(),
    );
    for (const name of names) {
      const text = await readFile(join(fixtures, name), "utf8");
      expect(text).not.toContain(SECRET_A);
      expect(text).not.toContain(SECRET_A.slice("whsec_".length));
      expect(text.toLowerCase()).not.toContain("stripe-signature");
      expect(text).not.toMatch(/"host"|"content-length"/);
      expect(text).toContain('"evt_{{eventId=b62:24}}"');
      expect(text).toContain('"{{now:unix}}"');
    }

    const again = await hooks([
      "events",
      "export",
      first.id,
      "--to",
      fixtures,
      "--store",
      captures,
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists: pass --force/);

    const { child, url } = await listen(join(dir, "second.jsonl"), SECRET_B);
    const sent = await hooks(["send", url, "--samples", fixtures, "--secret", SECRET_B]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/2 passed, 0 failed/);
    const replayed = await requests(child, 2);
    expect(replayed.map((line) => line.signature.status)).toEqual(["valid", "valid"]);
    for (const line of replayed) {
      const original = captured.find((each) => each.eventType === line.eventType) as RequestLine;
      const body = JSON.parse(line.body) as Record<string, unknown> & { data: unknown };
      const before = JSON.parse(original.body) as Record<string, unknown> & { data: unknown };
      // A fresh event id; the event's object is the captured one.
      expect(body.id).not.toBe(before.id);
      expect(body.id).toMatch(/^evt_[A-Za-z0-9]{24}$/);
      expect(body.type).toBe(before.type);
      expect((body.data as { object: { id: string } }).object.id).toBe(
        (before.data as { object: { id: string } }).object.id,
      );
    }

    const picked = await hooks([
      "send",
      url,
      "--samples",
      fixtures,
      "--secret",
      SECRET_B,
      "--event",
      "charge.refunded",
    ]);
    expect(picked.stdout).toMatch(/1 passed, 0 failed/);
  }, 40_000);

  it("a bad sample file is exit 2, naming it", async () => {
    const bad = join(dir, "bad-samples");
    await hooks(["events", "export", captured[0]!.id, "--to", bad, "--store", captures]);
    await writeFile(
      join(bad, "broken.json"),
      '{"provider":"stripe","events":[{"name":"x","body":{"a":"{{nope}}"}}]}',
    );
    const result = await hooks([
      "send",
      "http://127.0.0.1:9/",
      "--samples",
      bad,
      "--secret",
      SECRET_B,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/broken\.json: unknown placeholder \{\{nope\}\}/);
  });
});

describe("hooks send --from-store", () => {
  let app: Server;
  let appUrl: string;
  beforeAll(async () => {
    // An app that refuses refunds: a failing test among passing ones.
    app = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        response.statusCode = body.includes('"charge.refunded"') ? 500 : 200;
        response.end("ok");
      });
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => app.close(() => resolve())));

  it("replays a captured request, the same bytes, re-signed with the current secret", async () => {
    const [first] = captured as [RequestLine];
    const { child, url } = await listen(join(dir, "third.jsonl"), SECRET_B);
    const result = await hooks([
      "send",
      url,
      "--from-store",
      first.id,
      "--store",
      captures,
      "--secret",
      SECRET_B,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/1 passed, 0 failed/);
    const [line] = await requests(child, 1);
    expect(line?.signature.status).toBe("valid");
    expect(line?.body).toBe(first.body);
  });

  it("--since: one test per request, failures counted, exit 1", async () => {
    const result = await hooks(
      ["send", appUrl, "--from-store", "--since", "1h", "--store", captures, "--json"].concat([
        "--secret",
        SECRET_B,
      ]),
    );
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      data: {
        testsRun: number;
        testsSucceeded: number;
        testsFailed: number;
        tests: { event: string; ok: boolean }[];
      };
    };
    expect(report.data.testsRun).toBe(2);
    expect(report.data.testsSucceeded).toBe(1);
    expect(report.data.testsFailed).toBe(1);
    expect(report.data.tests.find((test) => !test.ok)?.event).toBe("charge.refunded");
  });

  it("needs ids or --since", async () => {
    const result = await hooks([
      "send",
      appUrl,
      "--from-store",
      "--store",
      captures,
      "--secret",
      SECRET_B,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--from-store needs request ids .* or --since/);
    const future = await hooks(
      [
        "send",
        appUrl,
        "--from-store",
        "--since",
        "2999-01-01T00:00:00Z",
        "--store",
        captures,
      ].concat(["--secret", SECRET_B]),
    );
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/no requests captured since/);
  });
});
