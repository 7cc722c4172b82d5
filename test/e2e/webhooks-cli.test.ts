import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

// What `hooks webhooks` says before it talks to any provider: each is one line on stderr with
// exit 2, and none asks for a credential it does not need. The providers' own answers are
// tested against their fakes in test/e2e/webhooks-<id>.test.ts.

describe("hooks webhooks, before any API call", () => {
  it("says where Clover's URL is set, for every subcommand", async () => {
    for (const args of [["list"], ["create", "https://x.example"], ["test", "1"]]) {
      const result = await runCli(["webhooks", ...args, "--provider", "clover"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /Clover has no API for webhook URLs: set it in the Developer Dashboard.*App Settings > Webhooks/,
      );
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("refuses a subcommand the provider has no API for, before asking for credentials", async () => {
    const result = await runCli(["webhooks", "deliveries", "we_1", "--provider", "stripe"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /Stripe webhook endpoints API has no delivery log; .*works with poynt, github/,
    );
    const rotate = await runCli([
      "webhooks",
      "rotate",
      "1",
      "--provider",
      "github",
      "--repo",
      "o/r",
    ]);
    expect(rotate.code).toBe(2);
    expect(rotate.stderr).toMatch(/no key rotation; .*works with square/);
  });

  it("names the missing credential variable and where to get it", async () => {
    const square = await runCli(["webhooks", "list", "--provider", "square"]);
    expect(square.code).toBe(2);
    expect(square.stderr).toMatch(
      /missing SQUARE_ACCESS_TOKEN for the Square Webhook Subscriptions API: the application's personal access token/,
    );
    const up42 = await runCli(["webhooks", "list", "--provider", "up42"], {
      env: { UP42_USERNAME: "me@example.com" },
    });
    expect(up42.stderr).toMatch(/missing UP42_PASSWORD/);
    // No gh on PATH: the token must come from the environment.
    const github = await runCli(["webhooks", "list", "--provider", "github", "--repo", "o/r"], {
      env: { PATH: dirname(process.execPath) },
    });
    expect(github.code).toBe(2);
    expect(github.stderr).toMatch(/missing GITHUB_TOKEN or GH_TOKEN .*gh auth login/);
  });

  it("asks for the target a provider needs, and takes one", async () => {
    const env = { GITHUB_TOKEN: "ghp_test" };
    const none = await runCli(["webhooks", "list", "--provider", "github"], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/github needs --repo <owner\/name> or --org <name>/);
    const both = await runCli(
      ["webhooks", "list", "--provider", "github", "--repo", "o/r", "--org", "o"],
      { env },
    );
    expect(both.stderr).toMatch(/github takes one of --repo, --org, not both/);
    const shop = await runCli(["webhooks", "list", "--provider", "shopify"], {
      env: { SHOPIFY_ACCESS_TOKEN: "shpat_x" },
    });
    expect(shop.stderr).toMatch(/shopify needs --shop <name>.myshopify.com/);
  });

  it("asks which provider, and says which have an API", async () => {
    const none = await runCli(["webhooks", "list"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /which provider\? pass --provider <id> \(one of square, up42, poynt, github, stripe, shopify\)/,
    );
    const slack = await runCli(["webhooks", "list", "--provider", "slack"]);
    expect(slack.code).toBe(2);
    expect(slack.stderr).toMatch(/slack has no webhook management API that hooks knows/);
  });

  it("rejects a bad --environment and --since in one line", async () => {
    const env = await runCli(
      ["webhooks", "list", "--provider", "square", "--environment", "prod"],
      {
        env: { SQUARE_ACCESS_TOKEN: "EAAA-test" },
      },
    );
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/--environment must be sandbox or production, not "prod"/);
  });

  it("prints its help on stdout with exit 0 when run alone", async () => {
    const result = await runCli(["webhooks"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/create \[options\] <url>/);
  });
});
