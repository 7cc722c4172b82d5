import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { GITHUB_FAKE_TOKEN, startGithubFake } from "../fixtures/fake-apis/github.js";
import { startPoyntFake } from "../fixtures/fake-apis/poynt.js";
import { startShopifyFake } from "../fixtures/fake-apis/shopify.js";
import { startStripeFake } from "../fixtures/fake-apis/stripe.js";
import { startUp42Fake } from "../fixtures/fake-apis/up42.js";
import type { FakeServer } from "../fixtures/fake-apis/fake-http.js";
import { listenWithApi, type ListenProcess } from "../listener/listen-process.js";
import { FAKE_CLOUDFLARED } from "../tunnel/fake.js";

// `hooks listen --register` for the five providers besides Square (test/e2e/listen-register.test.ts):
// the spawned binary behind the fake cloudflared, each provider's fake API. For each: the
// subscription is created at the tunnel's URL, a delivery the fake signs with the secret the
// provider returned or hooks chose arrives and verifies with nothing copied, and on exit the
// subscription is gone.

interface Case {
  fake: FakeServer;
  env: Record<string, string>;
  args: string[];
  /** How many subscriptions the fake holds now. */
  count(): number;
  /** Makes the provider send one delivery to the subscription `id`. */
  deliver(id: string): Promise<void>;
}

let dir: string;
let proc: ListenProcess | undefined;
let fake: FakeServer | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-register-providers-"));
});
afterEach(async () => {
  await proc?.stop("SIGTERM");
  proc = undefined;
  await fake?.close();
  fake = undefined;
  await rm(dir, { recursive: true, force: true });
});

const CASES: Record<string, () => Promise<Case>> = {
  async up42() {
    const up42 = await startUp42Fake({ requireHttps: false });
    const env = { UP42_USERNAME: "ada@example.com", UP42_PASSWORD: "correct horse" };
    return {
      fake: up42,
      env,
      args: [],
      count: () => up42.state.webhooks.size,
      // UP42's own test deliveries, asked for the way a user would, while the listener runs.
      async deliver(id) {
        const test = await runCli(
          ["webhooks", "test", id, "--provider", "up42", "--api-url", up42.url, "--json"],
          {
            env: { XDG_STATE_HOME: dir, ...env },
          },
        );
        expect(test.code, test.stderr).toBe(0);
        expect(JSON.parse(test.stdout)).toMatchObject({ data: { testsFailed: 0 }, error: null });
      },
    };
  },
  async poynt() {
    const pair = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const keyPath = join(dir, "poynt-key.pem");
    await writeFile(keyPath, pair.privateKey, { mode: 0o600 });
    const poynt = await startPoyntFake({ publicKey: pair.publicKey, requireHttps: false });
    const business = randomUUID();
    return {
      fake: poynt,
      env: { POYNT_APPLICATION_ID: poynt.state.applicationId, POYNT_PRIVATE_KEY: keyPath },
      args: ["--business", business, "--event", "ORDER_COMPLETED"],
      count: () => poynt.state.hooks.size,
      async deliver() {
        const sent = await poynt.emit(business, "ORDER_COMPLETED");
        expect(sent).toHaveLength(1);
      },
    };
  },
  async github() {
    const github = await startGithubFake({ requireHttps: false });
    return {
      fake: github,
      env: { GITHUB_TOKEN: GITHUB_FAKE_TOKEN },
      args: ["--repo", "octo/hello"],
      count: () => github.state.hooks.length,
      async deliver(id) {
        await github.state.deliverEvent(id, "push", { ref: "refs/heads/main" });
      },
    };
  },
  async stripe() {
    const stripe = await startStripeFake({ requireHttps: false });
    return {
      fake: stripe,
      env: { STRIPE_API_KEY: stripe.state.apiKey },
      args: [],
      count: () => stripe.state.endpoints.length,
      async deliver(id) {
        expect((await stripe.deliverEvent(id, "charge.succeeded")).status).toBe(200);
      },
    };
  },
  async shopify() {
    const shopify = await startShopifyFake({ requireHttps: false });
    return {
      fake: shopify,
      env: { SHOPIFY_ACCESS_TOKEN: shopify.state.token },
      // Shopify signs with the app's client secret, which the user gives the listener.
      args: [
        "--shop",
        shopify.state.shop,
        "--event",
        "orders/create",
        "--secret",
        shopify.state.clientSecret,
      ],
      count: () => shopify.state.subscriptions.length,
      async deliver(id) {
        expect((await shopify.deliverEvent(id)).status).toBe(200);
      },
    };
  },
};

describe("hooks listen --register", () => {
  for (const [provider, make] of Object.entries(CASES)) {
    it(`${provider}: registers at the tunnel URL, verifies what the provider sends, and removes it on exit`, async () => {
      const setup = await make();
      fake = setup.fake;
      proc = listenWithApi(dir, provider, setup.fake.url, ["--register", ...setup.args], {
        CLOUDFLARED_BIN: FAKE_CLOUDFLARED,
        ...setup.env,
      });
      const ready = await proc.ready();
      const created = await proc.waitFor(
        (l) => l.type === "registration" && l.status !== "deleted",
      );
      expect(created, JSON.stringify(created)).toMatchObject({
        status: "created",
        provider,
        url: `${String(ready.publicUrl)}/webhooks`,
      });
      expect(setup.count()).toBe(1);

      await setup.deliver(String(created.id));
      const request = await proc.waitFor((l) => l.type === "request" && l.method === "POST");
      expect(request).toMatchObject({
        provider,
        path: "/webhooks",
        signature: { status: "valid" },
      });

      expect(await proc.stop("SIGTERM")).toBe(0);
      expect(
        proc.lines.find((l) => l.type === "registration" && l.status === "deleted"),
      ).toBeDefined();
      expect(setup.count()).toBe(0);
    });
  }
});
