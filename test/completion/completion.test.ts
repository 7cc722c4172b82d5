import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeProgram } from "../../src/completion/describe.js";
import { completionScript } from "../../src/completion/generate.js";
import { listEvents } from "../../src/providers/catalog.js";
import { listProviders } from "../../src/providers/index.js";
import { buildProgram } from "../../src/program.js";

const has = (shell: string): boolean => spawnSync(shell, ["-c", "true"]).status === 0;

/** Runs the bash completion function as bash would for the words typed so far. */
function bashComplete(script: string, words: string[]): string[] {
  const program = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _hooks; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync("bash", ["-c", program, "bash", script, ...words], { encoding: "utf8" });
  return out.split("\n").filter(Boolean);
}

describe("shell completion", () => {
  let dir = "";
  const files: Record<string, string> = {};
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "hooks-completion-"));
    for (const shell of ["bash", "zsh", "fish"]) {
      files[shell] = join(dir, `hooks.${shell}`);
      writeFileSync(files[shell], completionScript(shell, buildProgram()));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("describes every command, flag, provider and event of the live program", () => {
    const program = buildProgram();
    const spec = describeProgram(program);
    const paths = spec.commands.map((c) => c.path.join(" "));
    for (const command of program.commands) expect(paths).toContain(command.name());
    expect(paths).toEqual(expect.arrayContaining(["config set", "providers show"]));
    expect(spec.providers.map((p) => p.id)).toEqual(listProviders().map((p) => p.id));
    for (const { id } of listProviders()) {
      expect(spec.events[id]).toEqual(listEvents(id).map((e) => e.name));
    }
    const sign = spec.commands.find((c) => c.path.join(" ") === "sign");
    expect(sign?.options.find((o) => o.names.includes("--provider"))?.value).toEqual({
      kind: "providers",
    });
    expect(sign?.options.find((o) => o.names.includes("--payload"))?.value).toEqual({
      kind: "files",
    });
    expect(sign?.options.flatMap((o) => o.names)).toEqual(
      expect.arrayContaining(["--profile", "--help"]),
    );
  });

  it("picks up commands and flags added to the program without a list to update", () => {
    const program = buildProgram();
    program
      .command("frob")
      .option("--wobble <file>", "a file")
      .option("--event <name>", "an event");
    const script = completionScript("bash", program);
    expect(script).toContain('"frob|--wobble") echo "files"');
    expect(script).toContain('"frob|--event") echo "events"');
  });

  it("bash: the script parses, and completes commands, sub-commands, flags, providers and events", () => {
    execFileSync("bash", ["-n", files.bash as string]);
    const script = files.bash as string;
    expect(bashComplete(script, ["hooks", ""])).toEqual(
      expect.arrayContaining([
        "init",
        "config",
        "doctor",
        "completion",
        "sign",
        "verify",
        "providers",
      ]),
    );
    expect(bashComplete(script, ["hooks", "con"])).toEqual(["config"]);
    expect(bashComplete(script, ["hooks", "config", ""])).toEqual([
      "list",
      "get",
      "set",
      "unset",
      "path",
      "help",
    ]);
    expect(bashComplete(script, ["hooks", "config", "set", "p"])).toEqual([
      "provider",
      "port",
      "publicUrl",
    ]);
    expect(bashComplete(script, ["hooks", "sign", "--pro"])).toEqual(["--provider", "--profile"]);
    expect(bashComplete(script, ["hooks", "sign", "--provider", ""])).toEqual(
      listProviders().map((p) => p.id),
    );
    const clover = listEvents("clover").map((e) => e.name);
    expect(clover.length).toBeGreaterThan(0);
    expect(
      bashComplete(script, [
        "hooks",
        "--profile",
        "x",
        "send",
        "--provider",
        "clover",
        "--event",
        "",
      ]),
    ).toEqual(clover);
    expect(bashComplete(script, ["hooks", "completion", ""])).toEqual(["bash", "zsh", "fish"]);
    expect(bashComplete(script, ["hooks", "providers", "show", "cl"])).toEqual(["clover"]);
  });

  it.runIf(has("zsh"))("zsh: the script parses and its walk completes providers and events", () => {
    execFileSync("zsh", ["-n", files.zsh as string]);
    // Stand-ins for zsh's completion builtins that print what they were given.
    const harness = `
      compdef() { :; }
      source "$1"; shift
      _describe() { local -a arr; arr=("\${(@P)4}"); print -r -- "\${(j: :)\${arr[@]%%:*}}"; }
      compadd() { local -a arr; arr=("\${(@P)2}"); print -r -- "\${(j: :)arr}"; }
      _files() { print files; }
      words=("$@"); CURRENT=$#; _hooks`;
    const run = (...words: string[]) =>
      execFileSync("zsh", ["-c", harness, "zsh", files.zsh as string, ...words], {
        encoding: "utf8",
      }).trim();
    expect(run("hooks", "").split(" ")).toEqual(
      expect.arrayContaining(["init", "config", "doctor", "completion"]),
    );
    expect(run("hooks", "send", "--provider", "")).toBe(
      listProviders()
        .map((p) => p.id)
        .join(" "),
    );
    expect(run("hooks", "send", "--provider", "square", "--event", "")).toBe(
      listEvents("square")
        .map((e) => e.name)
        .join(" "),
    );
    expect(run("hooks", "sign", "--payload", "")).toBe("files");
  });

  it.runIf(has("fish"))("fish: the script parses and completes providers and events", () => {
    execFileSync("fish", ["-n", files.fish as string]);
    const run = (line: string) =>
      execFileSync(
        "fish",
        ["-c", `source $argv[1]; complete -C $argv[2]`, files.fish as string, line],
        {
          encoding: "utf8",
        },
      )
        .split("\n")
        .filter(Boolean)
        .map((row) => row.split("\t")[0]);
    expect(run("hooks ")).toEqual(
      expect.arrayContaining(["init", "config", "doctor", "completion"]),
    );
    expect(run("hooks config ")).toEqual(
      expect.arrayContaining(["list", "get", "set", "unset", "path"]),
    );
    expect(run("hooks send --provider ").sort()).toEqual(
      listProviders()
        .map((p) => p.id)
        .sort(),
    );
    expect(run("hooks send --provider clover --event O.")).toEqual([
      "O.CREATE",
      "O.DELETE",
      "O.UPDATE",
    ]);
  });
});
