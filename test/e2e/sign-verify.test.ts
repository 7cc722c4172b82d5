import { createHash, createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliResult } from "../helpers/cli.js";
import { STANDARD_VECTOR, standardVerifyArgs } from "../helpers/vectors.js";

// Vectors (sources in test/providers/<id>.test.ts): GitHub's docs, stripe-dotnet's
// EventUtilityTest, python-slack-sdk's signature verifier test, square-nodejs-sdk's webhooks
// test, shopify-app-js's validate test, standard-webhooks' JavaScript library test.
const GITHUB = {
  secret: "It's a Secret to Everybody",
  body: "Hello, World!",
  signature: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
};
const STRIPE = {
  secret: "webhook_secret",
  header:
    "t=1533204620,v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7,v0=63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef",
  now: "1533204720",
  body: `{\n  "id": "evt_123",\n  "object": "event",\n  "account": "acct_123",\n  "api_version": "2017-05-25",\n  "created": 1533204620,\n  "data": {\n    "object": {\n      "id": "cus_123",\n      "object": "customer",\n      "created": 123456789,\n      "email": "test@stripe.com",\n      "livemode": false,\n      "metadata": {}\n    }\n  },\n  "livemode": false,\n  "pending_webhooks": 1,\n  "request": {\n    "id": "req_123",\n    "idempotency_key": "idempotency-key-123"\n  },\n  "type": "customer.created"\n}\n`,
};
const SLACK = {
  secret: "8f742231b10e8888abcd99yyyzzz85a5",
  timestamp: "1531420618",
  signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
  body: "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
};
const SQUARE = {
  secret: "Ibxx_5AKakO-3qeNVR61Dw",
  url: "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9",
  signature: "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=",
  body: '{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}',
};
const SHOPIFY = {
  secret: "test_secret_key",
  body: '{"foo": "bar"}',
  hmac: "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=",
};
const STANDARD = STANDARD_VECTOR;

/** No saved profile can leak in from the machine running the tests. */
const ISOLATED = {
  env: { XDG_CONFIG_HOME: "/nonexistent-hooks-test", HOOKS_CONFIG_DIR: "/nonexistent-hooks-test" },
};

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hooks-sign-verify-"));
  const bodies: Record<string, string> = {
    "github.txt": GITHUB.body,
    "stripe.json": STRIPE.body,
    "stripe-no-newline.json": STRIPE.body.slice(0, -1),
    "slack.txt": SLACK.body,
    "square.json": SQUARE.body,
    "shopify.json": SHOPIFY.body,
    "standard.json": STANDARD.body,
    "standard-compact.json": JSON.stringify(JSON.parse(STANDARD.body)),
  };
  for (const [name, body] of Object.entries(bodies)) writeFileSync(file(name), body);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `hooks verify` arguments that check each official vector; tests append or vary a flag. */
const VERIFY = {
  github: (payload = file("github.txt")) => [
    "verify",
    "--provider",
    "github",
    "--secret",
    GITHUB.secret,
    "--payload",
    payload,
    "--signature",
    GITHUB.signature,
  ],
  stripe: ({ now = STRIPE.now, payload = file("stripe.json") } = {}) => [
    "verify",
    "--provider",
    "stripe",
    "--secret",
    STRIPE.secret,
    "--payload",
    payload,
    "--signature",
    STRIPE.header,
    "--now",
    now,
  ],
  slack: (now = SLACK.timestamp) => [
    "verify",
    "--provider",
    "slack",
    "--secret",
    SLACK.secret,
    "--payload",
    file("slack.txt"),
    "--header",
    `X-Slack-Request-Timestamp: ${SLACK.timestamp}`,
    "--signature",
    SLACK.signature,
    "--now",
    now,
  ],
  square: (secret = SQUARE.secret) => [
    "verify",
    "--provider",
    "square",
    "--secret",
    secret,
    "--url",
    SQUARE.url,
    "--payload",
    file("square.json"),
    "--signature",
    SQUARE.signature,
  ],
};

function hooks(args: string[], input?: string): Promise<CliResult> {
  return runCli(args, { ...ISOLATED, ...(input === undefined ? {} : { input }) });
}

/** The `--json` verify document: exactly what the contract promises, at least. */
function verdict(result: CliResult): { valid: boolean; provider: string; reason: string } {
  expect(result.stderr).toBe("");
  const json = JSON.parse(result.stdout) as Record<string, unknown>;
  expect(typeof json.valid).toBe("boolean");
  expect(typeof json.provider).toBe("string");
  expect(typeof json.reason).toBe("string");
  return json as { valid: boolean; provider: string; reason: string };
}

/** A usage error: exit 2, one line on stderr, no stack trace, nothing on stdout. */
function expectUsageError(result: CliResult, pattern: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe("hooks sign (built binary)", () => {
  it("prints each provider's official vector as Name: value lines", async () => {
    const [github, stripe, slack, square, shopify, standard] = await Promise.all([
      hooks([
        "sign",
        "--provider",
        "github",
        "--secret",
        GITHUB.secret,
        "--payload",
        file("github.txt"),
      ]),
      hooks([
        "sign",
        "--provider",
        "stripe",
        "--secret",
        STRIPE.secret,
        "--payload",
        file("stripe.json"),
        "--timestamp",
        "1533204620",
      ]),
      hooks(
        [
          "sign",
          "--provider",
          "slack",
          "--secret",
          SLACK.secret,
          "--payload",
          "-",
          "--timestamp",
          SLACK.timestamp,
        ],
        SLACK.body,
      ),
      hooks([
        "sign",
        "--provider",
        "square",
        "--secret",
        SQUARE.secret,
        "--url",
        SQUARE.url,
        "--payload",
        file("square.json"),
      ]),
      hooks([
        "sign",
        "--provider",
        "shopify",
        "--secret",
        SHOPIFY.secret,
        "--payload",
        file("shopify.json"),
      ]),
      hooks([
        "sign",
        "--provider",
        "standard",
        "--secret",
        STANDARD.secret,
        "--payload",
        file("standard.json"),
        "--id",
        STANDARD.id,
        "--timestamp",
        STANDARD.timestamp,
      ]),
    ]);
    expect(github.stdout).toBe(`X-Hub-Signature-256: ${GITHUB.signature}\n`);
    expect(stripe.stdout).toBe(
      `Stripe-Signature: ${STRIPE.header.slice(0, STRIPE.header.indexOf(",v0="))}\n`,
    );
    expect(slack.stdout).toBe(
      `X-Slack-Request-Timestamp: ${SLACK.timestamp}\nX-Slack-Signature: ${SLACK.signature}\n`,
    );
    expect(square.stdout).toBe(`x-square-hmacsha256-signature: ${SQUARE.signature}\n`);
    expect(shopify.stdout).toBe(`X-Shopify-Hmac-Sha256: ${SHOPIFY.hmac}\n`);
    expect(standard.stdout).toBe(
      `webhook-id: ${STANDARD.id}\nwebhook-timestamp: ${STANDARD.timestamp}\nwebhook-signature: ${STANDARD.signature}\n`,
    );
    for (const result of [github, stripe, slack, square, shopify, standard]) {
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("");
    }
  });

  it("prints JSON headers, Clover's code without a payload, UP42's up42-sig headers", async () => {
    const [json, clover, up42] = await Promise.all([
      hooks([
        "sign",
        "--provider",
        "github",
        "--secret",
        GITHUB.secret,
        "--payload",
        file("github.txt"),
        "--id",
        "d-1",
        "--json",
      ]),
      hooks(["sign", "--provider", "clover", "--secret", "0307e264-b33a-4913-88aa-37b10014a0b8"]),
      hooks([
        "sign",
        "--provider",
        "up42",
        "--secret",
        "QWZTFnMEXhqZKNmu",
        "--payload",
        file("standard.json"),
        "--id",
        STANDARD.id,
        "--timestamp",
        STANDARD.timestamp,
      ]),
    ]);
    expect(JSON.parse(json.stdout)).toEqual({
      headers: { "X-Hub-Signature-256": GITHUB.signature, "X-GitHub-Delivery": "d-1" },
    });
    // Clover's header is the auth code itself, and a secret is never printed whole.
    expect(clover.stdout).toBe("X-Clover-Auth: 03…0b8\n");
    expect(clover.stderr).toMatch(/X-Clover-Auth carries the secret itself.*--show-secret/);
    expect(clover.stdout + clover.stderr).not.toContain("0307e264-b33a-4913-88aa-37b10014a0b8");
    // UP42's scheme (up42/up42-webhooks, snippets/validate_webhook.py): the listed headers'
    // values joined with nothing, HMAC-SHA256 keyed with the secret as text.
    const digest = `sha-256=:${createHash("sha256").update(STANDARD.body).digest("base64")}:`;
    const date = new Date(Number(STANDARD.timestamp) * 1000).toUTCString();
    const mac = createHmac("sha256", "QWZTFnMEXhqZKNmu")
      .update(`${digest}${date}${STANDARD.id}`)
      .digest("base64");
    expect(up42.stdout).toBe(
      [
        `content-digest: ${digest}`,
        `date: ${date}`,
        `up42-delivery-id: ${STANDARD.id}`,
        `signature-input: up42-sig=("content-digest" "date" "up42-delivery-id");created=${STANDARD.timestamp}`,
        `signature: up42-sig=${mac}`,
        "",
      ].join("\n"),
    );
  });
});

describe("hooks verify (built binary)", () => {
  it("exits 0 for each official vector", async () => {
    const results = await Promise.all([
      hooks(VERIFY.github()),
      hooks(VERIFY.stripe()),
      hooks(VERIFY.slack()),
      hooks(VERIFY.square()),
      hooks([
        "verify",
        "--provider",
        "shopify",
        "--secret",
        SHOPIFY.secret,
        "--payload",
        file("shopify.json"),
        "--header",
        `X-Shopify-Hmac-Sha256: ${SHOPIFY.hmac}`,
      ]),
      hooks([
        "verify",
        "--provider",
        "clover",
        "--secret",
        "code-1",
        "--header",
        "X-Clover-Auth: code-1",
      ]),
    ]);
    for (const result of results) {
      expect(result.stderr).toBe("");
      expect(result.stdout).toMatch(/^✔ valid \((github|stripe|slack|square|shopify|clover)\) /);
      expect(result.code).toBe(0);
    }
  });

  it("detects the provider from the headers and prints the --json shape", async () => {
    const result = await hooks([
      "verify",
      "--secret",
      "wrong",
      "--secret",
      SHOPIFY.secret,
      "--payload",
      file("shopify.json"),
      "--header",
      `X-Shopify-Hmac-Sha256: ${SHOPIFY.hmac}`,
      "--header",
      "X-Shopify-Topic: products/create",
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect(verdict(result)).toMatchObject({ valid: true, provider: "shopify" });
  });

  it("exits 1 with the reason on stdout for a tampered body, a wrong secret, a missing header", async () => {
    const [tampered, wrongSecret, missing] = await Promise.all([
      hooks(
        [
          "verify",
          "--provider",
          "github",
          "--secret",
          GITHUB.secret,
          "--payload",
          "-",
          "--signature",
          GITHUB.signature,
          "--json",
        ],
        "Hello, World?",
      ),
      hooks(VERIFY.square("MCmhFRxGX82xMwg5FsaoQA")),
      hooks([
        "verify",
        "--provider",
        "slack",
        "--secret",
        SLACK.secret,
        "--payload",
        file("slack.txt"),
        "--signature",
        SLACK.signature,
        "--json",
      ]),
    ]);
    expect(tampered.code).toBe(1);
    expect(verdict(tampered)).toEqual({
      valid: false,
      provider: "github",
      reason: expect.stringMatching(/^no signature matched/) as string,
      code: "no_match",
    });
    expect(wrongSecret.code).toBe(1);
    expect(wrongSecret.stdout).toMatch(
      /^✘ invalid \(square\) no signature matched: .*signed over https:\/\/webhook\.site/,
    );
    expect(wrongSecret.stderr).toBe("");
    expect(missing.code).toBe(1);
    expect(verdict(missing)).toMatchObject({
      valid: false,
      reason: "missing x-slack-request-timestamp header",
    });
  });

  it("says a stale timestamp is too old, and a future one too new", async () => {
    const [stale, future] = await Promise.all([
      hooks([...VERIFY.stripe({ now: "1533205620" }), "--json"]),
      hooks([...VERIFY.slack("1531419000"), "--json"]),
    ]);
    expect(stale.code).toBe(1);
    expect(verdict(stale).reason).toMatch(/1000s old, older than the 300s tolerance/);
    expect(future.code).toBe(1);
    expect(verdict(future).reason).toMatch(/1618s in the future/);
  });

  describe("--explain names the mistake", () => {
    it("a body kept with a trailing newline the sender did not sign", async () => {
      const result = await hooks([
        ...VERIFY.stripe({ payload: file("stripe-no-newline.json") }),
        "--explain",
      ]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/likely cause: the body was signed with a trailing newline/);
    });

    it("a body re-formatted after it was signed compact", async () => {
      const signed = await hooks([
        "sign",
        "--provider",
        "standard",
        "--secret",
        STANDARD.secret,
        "--payload",
        file("standard-compact.json"),
        "--id",
        STANDARD.id,
        "--timestamp",
        STANDARD.timestamp,
        "--json",
      ]);
      const headers = (JSON.parse(signed.stdout) as { headers: Record<string, string> }).headers;
      const result = await hooks([
        "verify",
        "--secret",
        STANDARD.secret,
        "--payload",
        file("standard.json"),
        "--now",
        STANDARD.timestamp,
        ...Object.entries(headers).flatMap(([name, value]) => ["--header", `${name}: ${value}`]),
        "--explain",
        "--json",
      ]);
      expect(result.code).toBe(1);
      const json = JSON.parse(result.stdout) as {
        provider: string;
        explanation: { matched: string };
      };
      expect(json.provider).toBe("standard");
      expect(json.explanation.matched).toMatch(
        /the signature is over the compact JSON of this body/,
      );
    });

    it("a whsec_ secret used whole instead of base64-decoded", async () => {
      const wholeKey = createHmac("sha256", STANDARD.secret)
        .update(`${STANDARD.id}.${STANDARD.timestamp}.${STANDARD.body}`)
        .digest("base64");
      const result = await hooks([
        ...standardVerifyArgs(file("standard.json"), `v1,${wholeKey}`),
        "--explain",
      ]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /used the whole whsec_… string as the key, without base64-decoding/,
      );
    });

    it("a Stripe secret base64-decoded by a Standard Webhooks library", async () => {
      const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
      const key = Buffer.from(secret.slice("whsec_".length), "base64");
      const v1 = createHmac("sha256", key).update(`1533204620.${STRIPE.body}`).digest("hex");
      const result = await hooks([
        "verify",
        "--provider",
        "stripe",
        "--secret",
        secret,
        "--payload",
        file("stripe.json"),
        "--signature",
        `t=1533204620,v1=${v1}`,
        "--now",
        STRIPE.now,
        "--explain",
      ]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/base64-decoded the part after whsec_/);
    });

    it("another Square notification URL", async () => {
      const result = await hooks([
        "verify",
        "--provider",
        "square",
        "--secret",
        SQUARE.secret,
        "--url",
        `${SQUARE.url}/`,
        "--payload",
        file("square.json"),
        "--signature",
        SQUARE.signature,
        "--explain",
      ]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        `likely cause: the sender signed ${SQUARE.url} (trailing slash differs)`,
      );
    });

    it("clock skew beyond the tolerance", async () => {
      const result = await hooks([...VERIFY.slack("1531424218"), "--explain"]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/older than the 300s tolerance/);
      expect(result.stdout).toMatch(/likely cause: .*check the clocks/);
    });
  });
});

describe("sign and verify usage errors (built binary)", () => {
  it("exit 2 with one line on stderr", async () => {
    const [unknownSign, unknownVerify, noSecret, unreadable, badHeader, noUrl, undetectable] =
      await Promise.all([
        hooks(["sign", "--provider", "paypal", "--secret", "x", "--payload", file("github.txt")]),
        hooks(["verify", "--provider", "paypal", "--secret", "x", "--payload", file("github.txt")]),
        hooks([
          "verify",
          "--provider",
          "github",
          "--payload",
          file("github.txt"),
          "--signature",
          GITHUB.signature,
        ]),
        hooks([
          "verify",
          "--provider",
          "github",
          "--secret",
          "x",
          "--payload",
          file("missing.json"),
          "--signature",
          GITHUB.signature,
        ]),
        hooks([
          "verify",
          "--provider",
          "github",
          "--secret",
          "x",
          "--payload",
          file("github.txt"),
          "--header",
          "X-Hub-Signature-256",
        ]),
        hooks(["sign", "--provider", "square", "--secret", "x", "--payload", file("square.json")]),
        hooks([
          "verify",
          "--secret",
          "x",
          "--payload",
          file("github.txt"),
          "--header",
          "Content-Type: text/plain",
        ]),
      ]);
    expectUsageError(
      unknownSign,
      /unknown provider "paypal"; known providers: clover, poynt, square/,
    );
    expectUsageError(unknownVerify, /unknown provider "paypal"/);
    expectUsageError(noSecret, /missing secret for github: pass --secret/);
    expectUsageError(
      unreadable,
      /cannot read the payload file .*missing\.json: no such file; pass a readable file/,
    );
    expectUsageError(badHeader, /malformed --header "X-Hub-Signature-256": expected "Name: value"/);
    expectUsageError(noUrl, /missing --url: Square signs the notification URL/);
    expectUsageError(undetectable, /cannot tell the provider from the headers; pass --provider/);
  });
});
