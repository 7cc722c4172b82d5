import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliResult } from "../helpers/cli.js";

/** Exit 2 and one line naming the path and what is wrong, in words; no errno code, no stack. */
function expectFileError(result: CliResult, pattern: RegExp): void {
  expect(result.code).toBe(2);
  const lines = result.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(lines[0]).not.toMatch(/\bE[A-Z]{3,}\b|unexpected error/);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const isRoot = process.getuid?.() === 0;

let dir = "";
let aDirectory = "";
let aFile = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hooks-e2e-files-"));
  aDirectory = join(dir, "a-directory");
  mkdirSync(aDirectory);
  aFile = join(dir, "a-file");
  writeFileSync(aFile, "not a directory\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("every file error names the path and what is wrong, exit 2 (built binary)", () => {
  it("a --store that is a directory or under a file, for events list, show and replay", async () => {
    const under = join(aFile, "events.jsonl");
    const read = (path: string) => new RegExp(`^hooks: cannot read the store ${escape(path)}: `);
    expectFileError(
      await runCli(["events", "list", "--store", aDirectory]),
      new RegExp(`${read(aDirectory).source}is a directory; pass --store <file>`),
    );
    expectFileError(
      await runCli(["events", "show", "req_1", "--store", under]),
      new RegExp(`${read(under).source}a parent of it is a file`),
    );
    expectFileError(
      await runCli(["events", "replay", "req_1", "--to", "3000", "--store", aDirectory]),
      new RegExp(`${read(aDirectory).source}is a directory`),
    );
  });

  it("a --store hooks listen cannot open", async () => {
    const listen = (store: string) =>
      runCli(["listen", "--tunnel", "none", "--port", "0", "--store", store]);
    const under = join(aFile, "events.jsonl");
    expectFileError(
      await listen(under),
      new RegExp(
        `^hooks: cannot open the store ${escape(under)}: a parent of it is a file; pass --store`,
      ),
    );
    expectFileError(
      await listen(aDirectory),
      new RegExp(`^hooks: cannot open the store ${escape(aDirectory)}: is a directory`),
    );
  });

  it("a --payload file, on sign and on verify's fast path", async () => {
    const missing = join(dir, "missing.json");
    expectFileError(
      await runCli(["sign", "--provider", "github", "--secret", "s", "--payload", aDirectory]),
      new RegExp(`^hooks: cannot read the payload file ${escape(aDirectory)}: is a directory`),
    );
    expectFileError(
      await runCli([
        "verify",
        "--provider",
        "github",
        "--secret",
        "s",
        "--signature",
        "sha256=00",
        "--payload",
        missing,
      ]),
      new RegExp(`^hooks: cannot read the payload file ${escape(missing)}: no such file`),
    );
  });

  it("a verify --request file", async () => {
    expectFileError(
      await runCli(["verify", "--request", aDirectory, "--secret", "s"]),
      new RegExp(`^hooks: cannot read the --request file ${escape(aDirectory)}: is a directory`),
    );
  });

  it("a config directory that is a file, is under one, or holds a directory for its file", async () => {
    const set = (configDir: string) =>
      runCli(["config", "set", "port", "5005"], { env: { HOOKS_CONFIG_DIR: configDir } });
    expectFileError(
      await set(aFile),
      new RegExp(
        `^hooks: cannot create the config directory ${escape(aFile)}: is a file, not a directory`,
      ),
    );
    const under = join(aFile, "hooks");
    expectFileError(
      await set(under),
      new RegExp(
        `^hooks: cannot create the config directory ${escape(under)}: a parent of it is a file`,
      ),
    );
    const odd = join(dir, "odd-config");
    mkdirSync(join(odd, "config.json"), { recursive: true });
    expectFileError(
      await runCli(["config", "list"], { env: { HOOKS_CONFIG_DIR: odd } }),
      new RegExp(
        `^hooks: cannot read the config file ${escape(join(odd, "config.json"))}: is a directory`,
      ),
    );
  });

  it("a generated secret's --secret-file under a file", async () => {
    const target = join(aFile, "secret.txt");
    expectFileError(
      await runCli(
        ["init", "--provider", "standard", "--generate-secret", "--secret-file", target],
        {
          env: { HOOKS_CONFIG_DIR: join(dir, "init-config") },
        },
      ),
      new RegExp(`^hooks: cannot write the secret to ${escape(target)}: a parent of it is a file`),
    );
  });

  it.skipIf(isRoot)("a payload nobody may read says permission denied", async () => {
    const locked = join(dir, "locked.json");
    writeFileSync(locked, "{}");
    chmodSync(locked, 0o000);
    expectFileError(
      await runCli(["sign", "--provider", "github", "--secret", "s", "--payload", locked]),
      new RegExp(`^hooks: cannot read the payload file ${escape(locked)}: permission denied`),
    );
  });
});
