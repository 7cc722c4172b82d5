import { describe, expect, it } from "vitest";
import { CLOVER_MANUAL } from "../../src/config/resolve-api.js";
import { UsageError } from "../../src/errors.js";
import { runInit } from "../../src/init/run-init.js";
import { readConfigFile, updateProfiles } from "../../src/store/profiles.js";
import { API_SPECS } from "../../src/webhooks/api-table.js";
import { useTempConfigDir } from "../config/temp-home.js";
import { scripted, type Question } from "./scripted.js";

const commands = (steps: { command?: string }[]) => steps.map((s) => s.command).filter(Boolean);
const choicesOf = (question: Question | undefined) =>
  (question?.config as { choices: { name: string; value: string }[] }).choices;
const defaultOf = (question: Question | undefined) =>
  (question?.config as { default?: string }).default;

describe("hooks init: registration for providers with an API", () => {
  const home = useTempConfigDir();
  const run = (answers: string[], env: NodeJS.ProcessEnv = {}, flags = {}) => {
    const script = scripted(answers);
    const result = runInit(flags, {
      interactive: true,
      prompts: script.prompts,
      cwd: home.dir(),
      env,
    });
    return { result, asked: script.asked };
  };

  it("asks, names the credential variable, asks GitHub's target and saves no token", async () => {
    const { result, asked } = run(["github", "yes", "repo", "octo/hello", "later", "", "4665"]);
    const { nextSteps, values } = await result;
    const question = asked[1];
    expect(question?.message).toBe(
      "Should hooks listen point the GitHub webhook at its tunnel automatically?",
    );
    expect(choicesOf(question).map((c) => c.value)).toEqual(["yes", "no"]);
    expect(choicesOf(question)[0]?.name).toContain("GITHUB_TOKEN or GH_TOKEN (or gh auth login)");
    expect(asked.map((q) => q.message)).toEqual([
      "Which provider sends the webhooks?",
      "Should hooks listen point the GitHub webhook at its tunnel automatically?",
      "Which hooks?",
      "The repository (owner/name):",
      "The GitHub webhook secret:",
      "Your app's webhook URL, the default target of hooks send (empty to skip):",
      "Port for hooks listen:",
    ]);
    expect(asked.filter((q) => q.kind === "password")).toEqual([]);
    expect(readConfigFile()?.profiles.default).toEqual({
      provider: "github",
      port: 4665,
      register: true,
      webhooks: { repo: "octo/hello" },
    });
    expect(values).toMatchObject({ register: true, webhooks: { repo: "octo/hello" } });
    expect(commands(nextSteps)).toEqual([
      "export GITHUB_TOKEN=…",
      "hooks listen",
      "hooks webhooks list",
      "hooks send <your app's webhook URL>",
    ]);
    expect(nextSteps[0]?.text).toContain(API_SPECS.github.credentials[0]?.what);
    // Nothing to paste into GitHub's settings: hooks listen does it.
    expect(nextSteps.map((s) => s.text).join("\n")).not.toMatch(/Add webhook/);
  });

  it("leaves the export step out when the variable (or the profile's credentials) has it", async () => {
    const exported = await run(["square", "yes", "sandbox", "", "4665"], {
      SQUARE_ACCESS_TOKEN: "EAAA-set",
    }).result;
    expect(commands(exported.nextSteps)[0]).toBe("hooks listen");

    await updateProfiles((profiles) => {
      profiles.default = {
        ...profiles.default,
        credentials: { SQUARE_ACCESS_TOKEN: "EAAA-saved" },
      };
    });
    const saved = await run(["square", "yes", "sandbox", "", "4665"]).result;
    expect(commands(saved.nextSteps)[0]).toBe("hooks listen");
  });

  it("asks Square's environment and no signature key, which the API returns on each run", async () => {
    const { result, asked } = run(["square", "yes", "production", "", "4665"]);
    const { nextSteps } = await result;
    expect(asked[2]?.message).toBe("Which environment?");
    expect(choicesOf(asked[2]).map((c) => c.value)).toEqual(["sandbox", "production"]);
    expect(asked.some((q) => q.message.includes("signature key"))).toBe(false);
    expect(readConfigFile()?.profiles.default).toEqual({
      provider: "square",
      port: 4665,
      register: true,
      webhooks: { environment: "production" },
    });
    expect(nextSteps[0]).toEqual({
      text: `Export ${API_SPECS.square.credentials[0]?.what}:`,
      command: "export SQUARE_ACCESS_TOKEN=…",
    });
    expect(nextSteps.some((s) => s.command?.startsWith("hooks config set secret"))).toBe(false);
  });

  it("checks the shop and the business id as they are typed", async () => {
    await expect(run(["shopify", "yes", "my-shop.example.com"]).result).rejects.toThrow(
      /rejected: invalid shop "my-shop.example.com": expected <name>\.myshopify\.com/,
    );
    const shop = await run(["shopify", "yes", "My-Shop.myshopify.com", "later", "", "4665"]).result;
    expect(readConfigFile()?.profiles.default?.webhooks).toEqual({ shop: "my-shop.myshopify.com" });
    // Shopify signs with the app's client secret, which hooks listen still needs.
    expect(commands(shop.nextSteps)).toContain("hooks config set secret -");

    await expect(run(["poynt", "yes", "not-a-uuid"]).result).rejects.toThrow(/business id/);
    const business = "569e957c-57a7-4d54-a72a-9e8f3296adad";
    const poynt = await run(["poynt", "yes", business, "later", "", "4665"]).result;
    expect(readConfigFile()?.profiles.default?.webhooks).toEqual({ business });
    // Two credentials, two exports.
    expect(commands(poynt.nextSteps).slice(0, 2)).toEqual([
      "export POYNT_APPLICATION_ID=…",
      "export POYNT_PRIVATE_KEY=…",
    ]);
  });

  it("offers the saved answers as defaults, and No drops register but keeps the targets", async () => {
    await run(["github", "yes", "org", "octo-org", "later", "", "4665"]).result;
    const again = run(["github", "no", "later", "", "4665"]);
    await again.result;
    expect(defaultOf(again.asked[1])).toBe("yes");
    expect(readConfigFile()?.profiles.default).toEqual({
      provider: "github",
      port: 4665,
      webhooks: { org: "octo-org" },
    });
    const third = run(["github", "yes", "org", "other-org", "later", "", "4665"]);
    await third.result;
    expect(defaultOf(third.asked[1])).toBe("no");
    expect(defaultOf(third.asked[2])).toBe("org");
    expect((third.asked[3]?.config as { default?: string }).default).toBe("octo-org");
    expect(readConfigFile()?.profiles.default?.webhooks).toEqual({ org: "other-org" });
  });

  it("does not ask for Clover, whose next steps say it has no API and where the URL goes", async () => {
    const { result, asked } = run(["clover", "later", "", "4665"]);
    const { nextSteps } = await result;
    expect(asked.some((q) => q.message.startsWith("Should hooks listen"))).toBe(false);
    expect(nextSteps.map((s) => s.text)).toContain(`${CLOVER_MANUAL}.`);
    expect(readConfigFile()?.profiles.default?.register).toBeUndefined();
  });

  it("without a terminal takes --register and the target flags, and refuses a wrong one", async () => {
    const flags = (more: object) => runInit(more, { interactive: false, cwd: home.dir(), env: {} });
    await flags({ provider: "github", register: true, org: "octo-org" });
    expect(readConfigFile()?.profiles.default).toEqual({
      provider: "github",
      register: true,
      webhooks: { org: "octo-org" },
    });
    // The same provider again keeps register and the target; --repo replaces --org.
    await flags({ provider: "github", repo: "octo/hello" });
    expect(readConfigFile()?.profiles.default).toEqual({
      provider: "github",
      register: true,
      webhooks: { repo: "octo/hello" },
    });
    await flags({ provider: "github", register: false });
    expect(readConfigFile()?.profiles.default?.register).toBeUndefined();
    // Another provider starts without them.
    await flags({ provider: "stripe", register: true });
    expect(readConfigFile()?.profiles.default).toEqual({ provider: "stripe", register: true });

    for (const [bad, message] of [
      [
        { provider: "square", shop: "a.myshopify.com" },
        /square takes no --shop: --shop is for shopify/,
      ],
      [{ provider: "github", repo: "o/r", org: "o" }, /takes one of --repo, --org, not both/],
      [{ provider: "github", register: true, repo: "no-slash" }, /invalid --repo "no-slash"/],
      [{ provider: "square", environment: "staging" }, /invalid --environment "staging"/],
      [{ provider: "github", register: true }, /needs --repo <owner\/name> or --org <name>/],
      [{ provider: "slack", register: true }, /slack has no webhook management API/],
      [{ provider: "clover", register: true }, /Clover has no API for webhook URLs/],
    ] as const) {
      const error = await flags(bad).catch((e: unknown) => e);
      expect(error, JSON.stringify(bad)).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("\n");
    }
    expect(readConfigFile()?.profiles.default).toEqual({ provider: "stripe", register: true });
  });
});
