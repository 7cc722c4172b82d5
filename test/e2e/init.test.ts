import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { KEY, PtySession } from "../init/pty-session.js";

const TYPED_SECRET = "typed-auth-code-5f0c1d";

describe("hooks init (built binary on a pseudo-terminal)", () => {
  let dir = "";
  let env: Record<string, string | undefined> = {};
  let session: PtySession | undefined;
  const savedProfiles = () =>
    JSON.parse(readFileSync(join(dir, "cfg", "config.json"), "utf8")).profiles as Record<
      string,
      unknown
    >;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "hooks-e2e-init-"));
    env = { HOOKS_CONFIG_DIR: join(dir, "cfg"), HOOKS_PROFILE: undefined };
  });
  afterEach(() => {
    session?.kill();
    session = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it("asks, hides the typed secret, saves the profile and prints Clover's next steps", async () => {
    session = new PtySession(["init"], { env, cwd: dir });
    await session.answer("? Which provider", "clover");
    await session.waitFor("needs the Clover Auth Code");
    await session.answer("❯ Clover (clover)", KEY.enter);
    await session.answer("? The Clover Auth Code:", KEY.enter);
    await session.answer("? Clover Auth Code:", TYPED_SECRET, KEY.enter);
    await session.answer("? Your app's webhook URL", "not a url", KEY.enter);
    await session.answer("invalid url");
    // The prompt keeps the rejected text; clear it before typing the real URL.
    await session.answer(
      "? Your app's webhook URL",
      "\u0015",
      "http://localhost:3000/webhooks",
      KEY.enter,
    );
    await session.answer("? Port for hooks listen", "5055", KEY.enter);
    expect(await session.exit).toBe(0);

    const screen = session.screen;
    expect(screen).not.toContain(TYPED_SECRET);
    expect(screen).toContain("Saved profile default");
    expect(screen).toContain("secret     ••••");
    expect(screen).toContain("Next steps for Clover:");
    expect(screen).toMatch(/1\. Start the listener \(port 5055\).*\n\s+hooks listen/);
    expect(screen).toContain("paste that public URL into Webhook URL");
    expect(screen).toContain("Press Send Verification Code");
    expect(screen).toMatch(/sample events at http:\/\/localhost:3000\/webhooks:\s+hooks send/);
    expect(savedProfiles()).toEqual({
      default: {
        provider: "clover",
        secrets: [TYPED_SECRET],
        url: "http://localhost:3000/webhooks",
        port: 5055,
      },
    });
    if (process.platform !== "win32") {
      expect(statSync(join(dir, "cfg", "config.json")).mode & 0o777).toBe(0o600);
    }
  });

  it("generates a whsec_ secret into an owner-only file for a provider where you choose it", async () => {
    session = new PtySession(["init", "--profile", "up"], { env, cwd: dir });
    await session.answer("? Which provider", "UP42", KEY.enter);
    await session.answer("? Should hooks listen point the UP42 webhook", KEY.down, KEY.enter);
    await session.answer("? The UP42 webhook secret:", KEY.down, KEY.enter);
    await session.answer("? Write the generated secret to which file?", KEY.enter);
    await session.answer("? Your app's webhook URL", KEY.enter);
    await session.answer("? Port for hooks listen", KEY.enter);
    expect(await session.exit).toBe(0);
    const file = join(dir, "webhook-secret.txt");
    const secret = readFileSync(file, "utf8").trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(24);
    if (process.platform !== "win32") expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(session.screen).not.toContain(secret);
    expect(session.screen).toContain(`the generated secret is in ${file}`);
    expect(session.screen).toContain("hooks listen --profile up");
    expect(savedProfiles()).toEqual({ up: { provider: "up42", secrets: [secret], port: 4665 } });
  });

  it("leaves on Ctrl-C at any question with a short 'cancelled', exit 130, nothing saved", async () => {
    for (const stopAt of ["? Which provider", "? Clover Auth Code:"]) {
      session = new PtySession(["init"], { env, cwd: dir });
      if (stopAt !== "? Which provider") {
        await session.answer("? Which provider", "clover", KEY.enter);
        await session.answer("? The Clover Auth Code:", KEY.enter);
        await session.answer(stopAt, "abc");
      }
      await session.answer(stopAt, KEY.ctrlC);
      expect(await session.exit).toBe(130);
      expect(session.screen).toMatch(/cancelled\s*$/);
      expect(session.screen).not.toMatch(/\n\s+at /);
      expect(() => statSync(join(dir, "cfg", "config.json"))).toThrow();
    }
  });

  it("without a terminal exits 2 naming the flags and the config set commands", async () => {
    const result = await runCli(["init"], { env, cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/no terminal/);
    expect(result.stderr).toContain("hooks init --provider <id>");
    expect(result.stderr).toContain("--generate-secret");
    expect(result.stderr).toContain("hooks config set secret -");
  });

  it("without a terminal takes the answers from flags", async () => {
    const result = await runCli(
      [
        "init",
        "--provider",
        "square",
        "--secret",
        "sq-signature-key-1",
        "--url",
        "https://app.example/sq",
        "--json",
      ],
      { env, cwd: dir },
    );
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain("sq-signature-key-1");
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({
      profile: "default",
      provider: { id: "square" },
      values: { provider: "square", secret: ["••••"], url: "https://app.example/sq" },
    });
    expect(out.nextSteps.at(-1)).toEqual({
      text: "Fire signed Square sample events at https://app.example/sq:",
      command: "hooks send",
    });
    const bad = await runCli(["init", "--provider", "clover", "--generate-secret"], {
      env,
      cwd: dir,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Clover issues its own secret/);
  });
});
