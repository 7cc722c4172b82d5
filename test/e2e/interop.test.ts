import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliResult } from "../helpers/cli.js";
import { OCTOKIT_PRETTY_VECTORS, STANDARD_VECTOR, standardVerifyArgs } from "../helpers/vectors.js";
import { startReceiver, type Receiver } from "../send/receiver.js";

// What running hooks against the providers' official SDKs found (standardwebhooks, stripe-go,
// @shopify/shopify-api, @octokit/webhooks), checked on the built binary.

let dir = "";
let receiver: Receiver | undefined;
const file = (name: string) => join(dir, name);
const hooks = (args: string[]) =>
  runCli(args, { env: { HOOKS_CONFIG_DIR: join(dir, "config"), HOOKS_SECRET: "" } });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hooks-interop-"));
  writeFileSync(file("standard.json"), STANDARD_VECTOR.body);
  const [octokit] = OCTOKIT_PRETTY_VECTORS;
  // What an Express app has after express.json(): the parsed body, serialised again.
  writeFileSync(file("github-restringified.json"), JSON.stringify(JSON.parse(octokit.body)));
  writeFileSync(file("shopify.json"), '{"id":1}');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function expectUsageError(result: CliResult, pattern: RegExp): void {
  expect(result.code).toBe(2);
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe("Standard Webhooks secrets as the spec's libraries read them", () => {
  it("verifies the official vector with the secret given without whsec_", async () => {
    const args = standardVerifyArgs(file("standard.json"));
    const bare = STANDARD_VECTOR.secret.slice("whsec_".length);
    args[args.indexOf(STANDARD_VECTOR.secret)] = bare;
    const result = await hooks(args);
    expect(result.stdout).toMatch(/^✔ valid \(standard\)/);
    expect(result.code).toBe(0);
  });

  it("send exits 2 before sending anything for a secret that is not base64; verify says why", async () => {
    receiver = await startReceiver();
    const args = standardVerifyArgs(file("standard.json"));
    args[args.indexOf(STANDARD_VECTOR.secret)] = "my-app-secret!";
    const [verify, send] = await Promise.all([
      hooks(args),
      hooks(["send", receiver.url, "--provider", "standard", "--secret", "my-app-secret!"]),
    ]);
    expectUsageError(send, /Standard Webhooks keys are base64 \(whsec_<base64>\)/);
    expect(receiver.requests).toHaveLength(0);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/no usable secret: Standard Webhooks keys are base64/);
    for (const result of [verify, send]) {
      expect(result.stdout + result.stderr).not.toContain("my-app-secret");
    }
  });
});

describe("hooks verify --explain, told for the receiver", () => {
  it("names an app that verified JSON.stringify(req.body) of octokit's pretty body", async () => {
    const [octokit] = OCTOKIT_PRETTY_VECTORS;
    const result = await hooks([
      "verify",
      "--provider",
      "github",
      "--secret",
      octokit.secret,
      "--payload",
      file("github-restringified.json"),
      "--signature",
      octokit.sha256,
      "--explain",
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "the signature is over this body as 2-space JSON with a trailing newline, the way the sender sent it: your app verified JSON.stringify(req.body) instead of the raw bytes: use the raw body",
    );
  });
});

describe("hooks send --api-version (built binary)", () => {
  it("says in --help which providers it applies to", async () => {
    const help = await hooks(["send", "--help"]);
    expect(help.stdout).toMatch(/--api-version <v>/);
    expect(help.stdout.replace(/\s+/g, " ")).toMatch(
      /Stripe's body api_version \(default 2026-07-29\.dahlia\), Shopify's X-Shopify-API-Version \(default 2026-07\)/,
    );
  });

  it("sets Shopify's header on a --payload; refuses Stripe's body field there", async () => {
    receiver = await startReceiver();
    const shopify = await hooks([
      "send",
      receiver.url,
      "--provider",
      "shopify",
      "--secret",
      "s",
      "--event",
      "orders/create",
      "--payload",
      file("shopify.json"),
      "--api-version",
      "2026-10",
    ]);
    expect(shopify.code).toBe(0);
    expect(receiver.requests[0]?.headers["x-shopify-api-version"]).toBe("2026-10");
    expect(receiver.requests[0]?.body.toString()).toBe('{"id":1}');
    const stripe = await hooks([
      "send",
      receiver.url,
      "--provider",
      "stripe",
      "--secret",
      "s",
      "--payload",
      file("shopify.json"),
      "--api-version",
      "2026-07-29.dahlia",
    ]);
    expectUsageError(stripe, /--api-version sets the api_version of Stripe's sample bodies/);
    expect(receiver.requests).toHaveLength(1);
  });

  it("exit 2 where the deliveries carry no version, and with --verification-code", async () => {
    const [github, clover] = await Promise.all([
      hooks([
        "send",
        "http://127.0.0.1:9/x",
        "--provider",
        "github",
        "--secret",
        "s",
        "--api-version",
        "2022-11-28",
      ]),
      hooks([
        "send",
        "http://127.0.0.1:9/x",
        "--provider",
        "clover",
        "--verification-code",
        "--api-version",
        "1",
      ]),
    ]);
    expectUsageError(github, /--api-version: github deliveries carry no API version/);
    expectUsageError(clover, /--verification-code cannot be combined with --api-version/);
  });
});
