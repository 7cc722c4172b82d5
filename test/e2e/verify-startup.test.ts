import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { STANDARD_VECTOR, standardVerifyArgs } from "../helpers/vectors.js";

// `hooks verify` runs in scripts and CI loops: its start-up path must not load undici, inquirer,
// ora, conf or the tunnel (issue 2), and each file it reads costs about 0.7 ms, so the build
// bundles its path into dist/cli.js, beside the one dist/errors.js every command shares
// (scripts/bundle-cli.js). Its speed is measured in `npm run bench`, not here; this checks which
// modules it reads, recorded by a loader hook.
const RECORDER = pathToFileURL(join(import.meta.dirname, "../fixtures/record-imports.mjs")).href;

const STANDARD = STANDARD_VECTOR;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hooks-verify-startup-"));
  writeFileSync(join(dir, "payload.json"), STANDARD.body);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const verifyArgs = (signature: string, ...extra: string[]) => [
  ...standardVerifyArgs(join(dir, "payload.json"), signature),
  ...extra,
];

/** Runs hooks with the recorder and returns its exit code and the modules it resolved. */
async function modulesLoadedBy(args: string[], record: string) {
  const result = await runCli(args, {
    env: { NODE_OPTIONS: `--import=${RECORDER}`, RECORD_IMPORTS: record },
  });
  const urls = readFileSync(record, "utf8").split("\n").filter(Boolean);
  return { code: result.code, stderr: result.stderr, urls };
}

/** The files verify may read: dist/cli.js (its whole path) and dist/errors.js. */
const VERIFY_FILES_AT_MOST = 2;

/**
 * Sorts the resolved URLs into our dist files, packages and anything else (a source file, say);
 * node: builtins and the bin/hooks.js shim are left out.
 */
function sortOut(urls: string[]) {
  const unique = [...new Set(urls)].filter(
    (url) => !url.startsWith("node:") && !url.endsWith("/bin/hooks.js"),
  );
  const packages = unique
    .filter((url) => url.includes("/node_modules/"))
    .map((url) => url.replace(/.*\/node_modules\/((?:@[^/]+\/)?[^/]+).*/, "$1"));
  const ours = unique
    .filter((url) => !url.includes("/node_modules/") && url.includes("/dist/"))
    .map((url) => url.replace(/.*\/dist\//, ""));
  const other = unique.filter((url) => !url.includes("/node_modules/") && !url.includes("/dist/"));
  return { ours, packages: [...new Set(packages)], other };
}

/** Only dist files, no package, and few of them. */
function expectVerifyPath(urls: string[]): void {
  const { ours, packages, other } = sortOut(urls);
  expect({ packages, other }).toEqual({ packages: [], other: [] });
  expect(ours).toContain("cli.js");
  expect(ours.length, `verify read ${ours.join(", ")}`).toBeLessThanOrEqual(VERIFY_FILES_AT_MOST);
}

describe("hooks verify start-up path", () => {
  it("reads only dist files, no package, when a signature is valid", async () => {
    const run = await modulesLoadedBy(verifyArgs(STANDARD.signature), join(dir, "valid.log"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expectVerifyPath(run.urls);
  });

  it("stays on that path to explain an invalid signature", async () => {
    const wrong = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    const run = await modulesLoadedBy(verifyArgs(wrong, "--explain"), join(dir, "invalid.log"));
    expect(run.code).toBe(1);
    expectVerifyPath(run.urls);
  });

  it("loads commander's program for every other command", async () => {
    const run = await modulesLoadedBy(["providers"], join(dir, "providers.log"));
    expect(run.code).toBe(0);
    const { ours, packages } = sortOut(run.urls);
    expect(ours).toEqual(expect.arrayContaining(["cli.js", "program.js", "errors.js"]));
    expect(packages).toContain("commander");
  });

  // src/cli.ts maps errors to exit codes by class; a second copy of src/errors.ts in the program's
  // bundle would turn every usage error into an unexpected one (exit 70).
  it("maps a command's usage error to exit 2, one line", async () => {
    const result = await runCli(["providers", "show", "nope"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^hooks: unknown provider "nope"[^\n]*\n$/);
  });
});
