import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { STANDARD_VECTOR, standardVerifyArgs } from "../helpers/vectors.js";

// `hooks verify` runs in scripts and CI loops: its start-up path must not load undici, inquirer,
// ora, conf or the tunnel (issue 2), and the build bundles it into dist/cli.js alone
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

/** Our own modules and the packages among the resolved URLs; node: builtins left out. */
function sortOut(urls: string[]) {
  const ours = urls
    .filter((url) => url.includes("/dist/"))
    .map((url) => url.replace(/.*\/dist\//, ""));
  const packages = urls
    .filter((url) => url.includes("/node_modules/"))
    .map((url) => url.replace(/.*\/node_modules\/((?:@[^/]+\/)?[^/]+).*/, "$1"));
  return { ours: [...new Set(ours)], packages: [...new Set(packages)] };
}

describe("hooks verify start-up path", () => {
  it("reads one module of ours and no package when a signature is valid", async () => {
    const run = await modulesLoadedBy(verifyArgs(STANDARD.signature), join(dir, "valid.log"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(sortOut(run.urls)).toEqual({ ours: ["cli.js"], packages: [] });
  });

  it("stays on that path to explain an invalid signature", async () => {
    const wrong = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    const run = await modulesLoadedBy(verifyArgs(wrong, "--explain"), join(dir, "invalid.log"));
    expect(run.code).toBe(1);
    expect(sortOut(run.urls)).toEqual({ ours: ["cli.js"], packages: [] });
  });

  it("loads commander's program for every other command", async () => {
    const run = await modulesLoadedBy(["providers"], join(dir, "providers.log"));
    expect(run.code).toBe(0);
    const { ours, packages } = sortOut(run.urls);
    expect(ours).toContain("program.js");
    expect(packages).toContain("commander");
  });
});
