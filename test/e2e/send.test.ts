import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli, spawnCli } from "../helpers/cli.js";
import { ForwardProxy } from "../helpers/forward-proxy.js";
import { startReceiver, signatureIsValid, type Receiver } from "../send/receiver.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
let configDir = "";
let receiver: Receiver | undefined;
let closers: (() => Promise<void>)[] = [];

beforeAll(() => {
  configDir = mkdtempSync(join(tmpdir(), "hooks-send-e2e-"));
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  for (const close of closers) await close();
  closers = [];
});

const hooks = (args: string[], options: Parameters<typeof runCli>[1] = {}) =>
  runCli(args, { ...options, env: { HOOKS_CONFIG_DIR: configDir, ...options.env } });

describe("hooks send (built binary)", () => {
  it("exit 0: one line per notification and the closing count", async () => {
    receiver = await startReceiver();
    const result = await hooks(["send", receiver.url, "--secret", SECRET]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toContain("Sending 8 standard notifications");
    expect(lines.filter((line) => line.startsWith("✔ 200 "))).toHaveLength(8);
    expect(lines.at(-1)).toBe("8 passed, 0 failed");
    expect(
      receiver.requests.every((r) => signatureIsValid("standard", SECRET, receiver!.url, r)),
    ).toBe(true);
  });

  it("--event takes the name the report shows as well as the catalog's (pull_request.opened)", async () => {
    receiver = await startReceiver();
    const args = ["send", receiver.url, "--provider", "github", "--secret", SECRET];
    const result = await hooks([...args, "--event", "pull_request.opened"]);
    expect(result.stdout).toMatch(/^✔ 200 pull_request\.opened /m);
    expect(result.code).toBe(0);
    expect(receiver.requests[0]?.headers["x-github-event"]).toBe("pull_request");
  });

  it("exit 1 when a delivery fails; --json is one document on stdout and nothing else", async () => {
    receiver = await startReceiver((_r, n, res) => {
      res.statusCode = n === 1 ? 500 : 204;
      res.end();
    });
    const result = await hooks([
      "send",
      receiver.url,
      "--provider",
      "square",
      "--secret",
      "k",
      "--event",
      "payment.created",
      "--count",
      "3",
      "--concurrency",
      "1",
      "--json",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    const document = JSON.parse(result.stdout) as {
      data: { testsRun: number; testsFailed: number; tests: { ok: boolean; error: unknown }[] };
      error: null;
    };
    expect(document.data).toMatchObject({ testsRun: 3, testsSucceeded: 2, testsFailed: 1 });
    expect(document.data.tests[0]).toMatchObject({ ok: false, error: { reason: "http_error" } });
    expect(document.error).toBeNull();
  });

  describe("exit 2 before anything is sent", () => {
    const cases: [string, string[], RegExp][] = [
      [
        "a URL that is not http(s)",
        ["send", "ftp://127.0.0.1/x", "--secret", "s"],
        /invalid URL of hooks send "ftp:\/\/127\.0\.0\.1\/x": ftp:\/\/ is not http:\/\/ or https:\/\//,
      ],
      [
        "an unknown provider",
        ["send", "URL", "--provider", "paypal", "--secret", "s"],
        /unknown provider "paypal"; known providers: clover, poynt, square/,
      ],
      [
        "an unknown event, with the closest name",
        ["send", "URL", "--provider", "square", "--secret", "s", "--event", "payment.create"],
        /unknown square event "payment.create"; did you mean "payment.created"\?/,
      ],
      [
        "an unknown clover event",
        ["send", "URL", "--provider", "clover", "--secret", "s", "--event", "ORDER.CREATE"],
        /unknown clover event "ORDER.CREATE"/,
      ],
      [
        "a missing secret",
        ["send", "URL", "--provider", "github"],
        /missing secret for github: pass --secret/,
      ],
      [
        "a bad --count",
        ["send", "URL", "--secret", "s", "--count", "zero"],
        /invalid --count "zero"/,
      ],
      [
        "--verification-code for another provider",
        ["send", "URL", "--provider", "poynt", "--verification-code"],
        /--verification-code is Clover's/,
      ],
    ];
    for (const [what, args, message] of cases) {
      it(what, async () => {
        receiver = await startReceiver();
        const result = await hooks(args.map((arg) => (arg === "URL" ? receiver!.url : arg)));
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(result.stderr.trim().split("\n")).toHaveLength(1);
        expect(receiver.requests).toHaveLength(0);
      });
    }
  });

  it("--verification-code sends Clover's verification POST, unsigned, no secret needed", async () => {
    receiver = await startReceiver();
    const given = await hooks([
      "send",
      receiver.url,
      "--provider",
      "clover",
      "--verification-code",
      "5220ecf5-7dea-4396-b0ba-a1659c182887",
    ]);
    expect(given.code).toBe(0);
    expect(receiver.requests[0]?.body.toString()).toBe(
      '{"verificationCode":"5220ecf5-7dea-4396-b0ba-a1659c182887"}',
    );
    expect(receiver.requests[0]?.headers["x-clover-auth"]).toBeUndefined();
    expect(receiver.requests[0]?.headers["content-type"]).toBe("application/json");
    // With no code, a fresh UUID; a URL right after the flag is still the URL.
    const fresh = await hooks([
      "send",
      "--provider",
      "clover",
      "--verification-code",
      receiver.url,
    ]);
    expect(fresh.code).toBe(0);
    const body = JSON.parse(receiver.requests[1]?.body.toString() ?? "{}") as {
      verificationCode: string;
    };
    expect(body.verificationCode).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("--verification-code is Clover's whatever provider HOOKS_PROVIDER or the default names", async () => {
    receiver = await startReceiver();
    // The flag names Clover's POST unambiguously: only a --provider of another id contradicts it.
    for (const env of [{}, { HOOKS_PROVIDER: "square" }]) {
      const result = await hooks(["send", receiver.url, "--verification-code", "abc"], { env });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    }
    expect(receiver.requests.map((request) => request.body.toString())).toEqual([
      '{"verificationCode":"abc"}',
      '{"verificationCode":"abc"}',
    ]);
  });

  it("--payload - sends standard input as it is, signed", async () => {
    receiver = await startReceiver();
    const input = '{"type":"invoice.paid","data":{"id":"inv_1"}}\n';
    const result = await hooks(["send", receiver.url, "--secret", SECRET, "--payload", "-"], {
      input,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✔ 200 invoice\.paid msg_/);
    expect(receiver.requests[0]?.body.toString()).toBe(input);
    expect(signatureIsValid("standard", SECRET, receiver.url, receiver.requests[0]!)).toBe(true);
  });

  it("takes the URL, provider and secret from the profile when no flag gives them", async () => {
    receiver = await startReceiver();
    const dir = mkdtempSync(join(tmpdir(), "hooks-send-profile-"));
    writeFileSync(
      join(dir, "config.json"),
      JSON.stringify({
        profiles: { shop: { provider: "shopify", url: receiver.url, secrets: ["shpss_profile"] } },
      }),
    );
    const result = await runCli(["--profile", "shop", "send", "--event", "orders/paid"], {
      env: { HOOKS_CONFIG_DIR: dir },
    });
    expect(result.code).toBe(0);
    expect(receiver.requests[0]?.headers["x-shopify-topic"]).toBe("orders/paid");
    expect(signatureIsValid("shopify", "shpss_profile", receiver.url, receiver.requests[0]!)).toBe(
      true,
    );
    expect(result.stdout).toContain("secret shpss_••••");
    expect(result.stdout).not.toContain("shpss_profile");
  });

  it("goes through HTTP_PROXY, and around it for NO_PROXY hosts", async () => {
    receiver = await startReceiver();
    const proxy = await ForwardProxy.start();
    closers.push(() => proxy.close());
    const proxyUrl = proxy.url;

    const via = await hooks(["send", receiver.url, "--secret", SECRET, "--event", "user.created"], {
      env: { HTTP_PROXY: proxyUrl, NO_PROXY: undefined, no_proxy: undefined },
    });
    expect(via.code).toBe(0);
    expect(proxy.targets).toEqual([`127.0.0.1:${receiver.port}`]);

    const around = await hooks(
      ["send", receiver.url, "--secret", SECRET, "--event", "user.created"],
      {
        env: { HTTP_PROXY: proxyUrl, NO_PROXY: "127.0.0.1" },
      },
    );
    expect(around.code).toBe(0);
    expect(proxy.targets).toHaveLength(1);
    expect(receiver.requests).toHaveLength(2);
  });

  it("Ctrl-C stops sending, closes the --json document and exits 130", async () => {
    receiver = await startReceiver();
    const child = spawnCli(
      [
        "send",
        receiver.url,
        "--secret",
        SECRET,
        "--count",
        "100000",
        "--concurrency",
        "2",
        "--json",
      ],
      { env: { HOOKS_CONFIG_DIR: configDir } },
    );
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stdin?.end();
    while (receiver.requests.length < 20) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill("SIGINT");
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    const document = JSON.parse(stdout) as { data: { testsRun: number; tests: unknown[] } };
    expect(document.data.testsRun).toBe(document.data.tests.length);
    expect(document.data.testsRun).toBeGreaterThanOrEqual(20);
    expect(document.data.testsRun).toBeLessThan(800_000);
  });
});
