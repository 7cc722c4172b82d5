import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { setConfig } from "../../src/config/edit.js";
import { Cancelled, UsageError } from "../../src/errors.js";
import { generateSecret } from "../../src/init/generate-secret.js";
import { nextSteps } from "../../src/init/provider-guide.js";
import { runInit } from "../../src/init/run-init.js";
import { getProvider, listProviders } from "../../src/providers/index.js";
import { isApiProvider } from "../../src/webhooks/api-table.js";
import { readConfigFile } from "../../src/store/profiles.js";
import { useTempConfigDir } from "../config/temp-home.js";
import { scripted } from "./scripted.js";

const exitPrompt = Object.assign(new Error("User force closed the prompt with SIGINT"), {
  name: "ExitPromptError",
});
const zeros = (size: number) => Buffer.alloc(size, 7);

describe("hooks init", () => {
  const home = useTempConfigDir();

  it("offers every registered provider with a line on what it needs", async () => {
    const { prompts, asked } = scripted(["clover", "later", "", "4665"]);
    await runInit({}, { interactive: true, prompts, cwd: home.dir() });
    const choices = (asked[0]?.config as { choices: { value: string; description: string }[] })
      .choices;
    expect(choices.map((c) => c.value)).toEqual(listProviders().map((p) => p.id));
    for (const choice of choices) expect(choice.description).toMatch(/^needs \S/);
  });

  it("offers generation only where the user chooses the secret", async () => {
    for (const [id, canGenerate] of [
      ["standard", true],
      ["poynt", true],
      ["up42", true],
      ["clover", false],
      ["square", false],
    ] as const) {
      // Providers with a management API ask first whether hooks listen should register.
      const { prompts, asked } = scripted([
        ...(isApiProvider(id) ? ["no"] : []),
        "later",
        "",
        "4665",
      ]);
      await runInit({ provider: id }, { interactive: true, prompts, cwd: home.dir() });
      const question = asked.find((q) => q.message.startsWith("The "));
      const values = (question?.config as { choices: { value: string }[] }).choices.map(
        (c) => c.value,
      );
      expect(values.includes("generate"), id).toBe(canGenerate);
    }
  });

  it("generates whsec_ keys and random secrets of the documented sizes", () => {
    expect(generateSecret("whsec", zeros)).toBe(`whsec_${Buffer.alloc(24, 7).toString("base64")}`);
    expect(generateSecret("random", zeros)).toBe("07".repeat(32));
    expect(generateSecret("whsec")).not.toBe(generateSecret("whsec"));
  });

  it("saves what the wizard was told, with a typed secret", async () => {
    const { prompts } = scripted([
      "square",
      "no",
      "enter",
      "sq-key-123",
      "https://app.example/sq",
      "4700",
    ]);
    const result = await runInit({}, { interactive: true, prompts, cwd: home.dir() });
    expect(readConfigFile()?.profiles.default).toEqual({
      provider: "square",
      secrets: ["sq-key-123"],
      url: "https://app.example/sq",
      port: 4700,
    });
    expect(JSON.stringify(result)).not.toContain("sq-key-123");
    expect(result.nextSteps.map((s) => s.command).filter(Boolean)).toEqual([
      "hooks listen",
      "hooks send",
    ]);
  });

  it("asks only what the flags did not say", async () => {
    const { prompts, asked } = scripted(["4666"]);
    await runInit(
      { provider: "github", secret: "gh-secret", url: "http://localhost:1/x", register: false },
      { interactive: true, prompts, cwd: home.dir() },
    );
    expect(asked.map((q) => q.message)).toEqual(["Port for hooks listen:"]);
    expect(readConfigFile()?.profiles.default?.secrets).toEqual(["gh-secret"]);
  });

  it("writes a generated secret to a new owner-only file and never over an existing one", async () => {
    const { prompts } = scripted(["poynt", "no", "generate", "poynt.secret", "", "4665"]);
    const result = await runInit(
      {},
      { interactive: true, prompts, cwd: home.dir(), random: zeros },
    );
    const file = join(home.dir(), "poynt.secret");
    expect(result.secretFile).toBe(file);
    expect(readFileSync(file, "utf8")).toBe(`${"07".repeat(32)}\n`);
    if (process.platform !== "win32") expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readConfigFile()?.profiles.default?.secrets).toEqual(["07".repeat(32)]);

    const again = scripted(["poynt", "no", "generate", "poynt.secret"]);
    await expect(
      runInit({}, { interactive: true, prompts: again.prompts, cwd: home.dir() }),
    ).rejects.toThrow(/poynt\.secret exists; choose a new file/);
    writeFileSync(join(home.dir(), "webhook-secret.txt"), "keep me");
    await expect(
      runInit(
        { provider: "standard", generateSecret: true },
        { interactive: false, cwd: home.dir() },
      ),
    ).rejects.toThrow(/exists; pass --secret-file/);
    expect(readFileSync(join(home.dir(), "webhook-secret.txt"), "utf8")).toBe("keep me");
  });

  it("keeps the saved secret for the same provider, and drops it when the provider changes", async () => {
    await setConfig(undefined, "provider", "clover");
    await setConfig(undefined, "secret", "clover-auth-code");
    const same = scripted(["clover", "keep", "", "4665"]);
    await runInit({}, { interactive: true, prompts: same.prompts, cwd: home.dir() });
    expect((same.asked[1]?.config as { choices: { name: string }[] }).choices[0]?.name).toBe(
      "Keep the saved one (••••)",
    );
    expect(readConfigFile()?.profiles.default?.secrets).toEqual(["clover-auth-code"]);
    await runInit(
      { provider: "clover", url: "https://a.example" },
      { interactive: false, cwd: home.dir() },
    );
    expect(readConfigFile()?.profiles.default?.secrets).toEqual(["clover-auth-code"]);
    await runInit({ provider: "square" }, { interactive: false, cwd: home.dir() });
    expect(readConfigFile()?.profiles.default).toEqual({
      provider: "square",
      url: "https://a.example",
      port: 4665,
    });
  });

  it("turns Ctrl-C at a question into Cancelled (exit 130) and saves nothing", async () => {
    const { prompts } = scripted(["clover", exitPrompt]);
    const error = await runInit({}, { interactive: true, prompts, cwd: home.dir() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Cancelled);
    expect((error as Cancelled).exitCode).toBe(130);
    expect(readConfigFile()?.profiles.default).toBeUndefined();
  });

  it("without a terminal needs --provider, and rejects bad flags before anything is saved", async () => {
    await expect(runInit({}, { interactive: false })).rejects.toThrow(
      /no terminal.*hooks init --provider <id>/,
    );
    await expect(runInit({ provider: "nope" }, { interactive: false })).rejects.toThrow(UsageError);
    await expect(
      runInit({ provider: "standard", port: "65536" }, { interactive: false }),
    ).rejects.toThrow(/--port/);
    await expect(
      runInit({ provider: "standard", secret: "a", generateSecret: true }, { interactive: false }),
    ).rejects.toThrow(/either --secret or --generate-secret/);
    expect(readConfigFile()?.profiles.default).toBeUndefined();
  });

  it("gives Clover the dashboard steps and names the profile in every command", () => {
    const steps = nextSteps(getProvider("clover"), {
      profileFlag: " --profile shop",
      url: undefined,
      port: 4665,
      hasSecret: false,
      secretFile: undefined,
    });
    const text = steps.map((s) => s.text).join("\n");
    expect(steps[0]?.command).toBe("hooks listen --profile shop");
    expect(text).toMatch(/paste that public URL into Webhook URL/);
    expect(text).toMatch(/Send Verification Code.*copy it into Verification Code/);
    expect(steps.map((s) => s.command)).toContain("hooks config set secret - --profile shop");
    expect(steps.at(-1)?.command).toBe("hooks send <your app's webhook URL> --profile shop");
  });
});
