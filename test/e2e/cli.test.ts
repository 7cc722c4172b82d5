import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

/** One line on stderr, no stack trace: what every usage error must look like. */
function expectOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe("hooks (built binary)", () => {
  it("prints its version and help with exit 0", async () => {
    const version = await runCli(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("verify");
  });

  it("exits 2 with one line for an unknown command or flag", async () => {
    const command = await runCli(["frobnicate"]);
    expect(command.code).toBe(2);
    expectOneLineError(command.stderr, /unknown command 'frobnicate'/);
    const flag = await runCli(["sign", "--bogus"]);
    expect(flag.code).toBe(2);
    expectOneLineError(flag.stderr, /unknown option '--bogus'/);
  });

  it("prints a command group's help on stdout with exit 0 when no subcommand is given", async () => {
    for (const [group, line] of [
      [[], "Usage: hooks [options] [command]"],
      [["events"], "Usage: hooks events [options] [command]"],
      [["tunnel"], "Usage: hooks tunnel [options] [command]"],
      [["--profile", "x"], "Usage: hooks [options] [command]"],
    ] as const) {
      const result = await runCli([...group]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout.split("\n")[0]).toBe(line);
    }
  });

  it("points a usage error at the help of the command it is about, in one line", async () => {
    for (const [args, pattern] of [
      [
        ["events", "replay", "req_1"],
        /nowhere to replay to: pass --to <url>, or set a forward target .* or a url .*$/,
      ],
      [
        ["events", "replay", "req_1", "--to"],
        /'--to <url>' argument missing \(see hooks events replay --help\)$/,
      ],
      [
        ["tunnel", "install", "--bogus"],
        /unknown option '--bogus' \(see hooks tunnel install --help\)$/,
      ],
      [
        ["events", "lst"],
        /unknown command 'lst' \(Did you mean list\?\) \(see hooks events --help\)$/,
      ],
      [["completion"], /missing required argument 'shell' \(see hooks completion --help\)$/],
      [["lisen"], /unknown command 'lisen' \(Did you mean listen\?\) \(see hooks --help\)$/],
      // The flag the user mistyped is the mistake, not the --to it may have been meant to be.
      [
        ["events", "replay", "req_1", "--too", "3000"],
        /unknown option '--too' \(Did you mean --to\?\) \(see hooks events replay --help\)$/,
      ],
      [
        ["events", "replay", "--bogus"],
        /unknown option '--bogus' \(see hooks events replay --help\)$/,
      ],
    ] as const) {
      const result = await runCli([...args]);
      expect(result.code).toBe(2);
      expectOneLineError(result.stderr, pattern);
    }
  });

  it("hooks help <unknown> says the command is unknown, in one line, without dumping the help", async () => {
    for (const [args, pattern] of [
      [["help", "nope"], /^hooks: unknown command 'nope' \(see hooks --help\)$/],
      [
        ["help", "evnets"],
        /^hooks: unknown command 'evnets' \(Did you mean events\?\) \(see hooks --help\)$/,
      ],
      [
        ["events", "help", "lst"],
        /^hooks: unknown command 'lst' \(Did you mean list\?\) \(see hooks events --help\)$/,
      ],
    ] as const) {
      const result = await runCli([...args]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expectOneLineError(result.stderr, pattern);
    }
    const known = await runCli(["help", "events"]);
    expect(known.code).toBe(0);
    expect(known.stdout.split("\n")[0]).toBe("Usage: hooks events [options] [command]");
  });

  it("exits 2 with one line for a bad verify flag on the fast path", async () => {
    const result = await runCli(["verify", "--bogus"]);
    expect(result.code).toBe(2);
    expectOneLineError(result.stderr, /--bogus/);
    const help = await runCli(["verify", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--explain");
  });

  it("lists providers as JSON with id, name, timeoutMs and events", async () => {
    const result = await runCli(["providers", "--json"]);
    expect(result.code).toBe(0);
    const providers = JSON.parse(result.stdout) as {
      id: string;
      timeoutMs: number;
      events: unknown[];
    }[];
    expect(providers.map((p) => p.id)).toContain("standard");
    for (const provider of providers) {
      expect(provider.timeoutMs).toBeGreaterThan(0);
      expect(Array.isArray(provider.events)).toBe(true);
    }
  });

  it("shows one provider, as text and as JSON", async () => {
    const text = await runCli(["providers", "show", "standard"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("{webhook-id}.{webhook-timestamp}.{raw body}");
    const json = await runCli(["providers", "show", "standard", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      id: "standard",
      name: "Standard Webhooks",
      timeoutMs: 15000,
    });
  });

  it("exits 2 naming the known providers for an unknown one", async () => {
    const result = await runCli(["providers", "show", "nope"]);
    expect(result.code).toBe(2);
    expectOneLineError(result.stderr, /unknown provider "nope"; known providers: .*standard/);
  });

  it("exits 2 when the secret is missing, naming where to put one", async () => {
    const result = await runCli(["sign", "--provider", "standard", "--payload", "-"], {
      input: "{}",
      env: {
        XDG_CONFIG_HOME: "/nonexistent-hooks-test",
        HOOKS_CONFIG_DIR: "/nonexistent-hooks-test",
      },
    });
    expect(result.code).toBe(2);
    expectOneLineError(result.stderr, /missing secret for standard: pass --secret/);
  });
});
