import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../tunnel/fake.js";
import { cliEnv } from "../helpers/cli.js";
import { schemaErrors, suiteCounts } from "../helpers/junit.js";
import { hooksOnPath, readmeBlocks } from "../helpers/readme.js";

/** Runs a script the way GitHub Actions runs a `run:` step: `bash -eo pipefail`. */
function runBash(
  script: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
      cwd,
      env: cliEnv({ ...env, PATH: `${hooksOnPath()}:${process.env.PATH ?? ""}` }),
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

describe("the README's In CI recipe, run as printed", () => {
  // Only the port is changed, so that test files running at the same time never share one.
  const withPort = async (block: string): Promise<string> =>
    block.replaceAll("4665", String(await freePort()));

  it("passes: 3 valid deliveries sent, 3 expected arrived, exit 0 (twice: no start-up race)", async () => {
    const block = readmeBlocks("run as printed by test/e2e/readme-ci.test.ts", "sh")[0]!;
    for (let run = 0; run < 2; run += 1) {
      const cwd = mkdtempSync(join(tmpdir(), "hooks-ci-"));
      const { code, output } = await runBash(await withPort(block), { SECRET }, cwd);
      expect(output).toContain("3 passed, 0 failed");
      expect(output).toContain("3 of 3 expected request(s) arrived: 3 request(s) (3 valid)");
      expect(output).not.toContain("more while it stopped");
      expect(code, output).toBe(0);
      for (const report of ["send.xml", "listen.xml"]) {
        const xml = readFileSync(join(cwd, report), "utf8");
        expect(await schemaErrors(xml)).toEqual([]);
        expect(suiteCounts(xml)).toMatchObject({ tests: 3, failures: 0, cases: 3 });
      }
    }
  }, 60_000);

  it("fails the job when the listener's secret does not match the sender's", async () => {
    const block = readmeBlocks("run as printed by test/e2e/readme-ci.test.ts", "sh")[0]!;
    const cwd = mkdtempSync(join(tmpdir(), "hooks-ci-"));
    // The sender signs with another secret: the listener sees an invalid signature and exits 1.
    const script = (await withPort(block)).replace(
      /(hooks send[^\n]*)--secret "\$SECRET"/,
      "$1--secret whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldA==",
    );
    expect(script).toContain("whsec_b3Ro");
    const { code, output } = await runBash(script, { SECRET }, cwd);
    expect(output).toMatch(/had no valid signature/);
    expect(code).toBe(1);
  }, 60_000);
});
