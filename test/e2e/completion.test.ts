import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

describe("hooks completion (built binary)", () => {
  it("prints a bash script that bash parses, with commands, providers and events", async () => {
    const { code, stdout, stderr } = await runCli(["completion", "bash"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    execFileSync("bash", ["-n"], { input: stdout });
    expect(stdout).toContain("complete -F _hooks hooks");
    const topLevel = /^ {4}""\) echo "(.*)" ;;$/m.exec(stdout)?.[1]?.split(" ");
    expect(topLevel).toEqual(
      expect.arrayContaining(["init", "config", "doctor", "completion", "sign"]),
    );
    expect(stdout).toContain('"sign|--provider") echo "providers"');
    expect(stdout).toMatch(/"clover"\) echo ".*O\.CREATE/);
    expect(stdout).toMatch(/"square"\) echo ".*inventory\.count\.updated/);
  });

  it("prints zsh and fish scripts", async () => {
    const zsh = await runCli(["completion", "zsh"]);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout.startsWith("#compdef hooks\n")).toBe(true);
    const fish = await runCli(["completion", "fish"]);
    expect(fish.code).toBe(0);
    expect(fish.stdout).toContain("complete -c hooks");
    expect(fish.stdout).toContain("function __hooks_events");
  });

  it("exits 2 for an unknown shell, naming the ones it knows", async () => {
    const { code, stderr } = await runCli(["completion", "tcsh"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bash, zsh, fish/);
  });
});
