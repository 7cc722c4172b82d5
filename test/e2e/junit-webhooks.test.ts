import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { failureMessages, schemaErrors, suiteCounts } from "../helpers/junit.js";
import {
  startSquareFake,
  SQUARE_FAKE_TOKEN,
  type SquareFake,
} from "../fixtures/fake-apis/square.js";
import { startReceiver, type Receiver } from "../send/receiver.js";

// `hooks webhooks test --junit` against the fake Square API, which really POSTs its test
// deliveries: one test case per delivery, the receiver's 500 a failure with its status.

let dir: string;
let square: SquareFake;
let receiver: Receiver | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-junit-webhooks-"));
  square = await startSquareFake({ requireHttps: false });
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await square.close();
  await rm(dir, { recursive: true, force: true });
});

function hooks(args: string[], env: Record<string, string> = {}) {
  return runCli(["webhooks", ...args, "--provider", "square", "--api-url", square.url], {
    env: { XDG_STATE_HOME: dir, SQUARE_ACCESS_TOKEN: SQUARE_FAKE_TOKEN, ...env },
  });
}

describe("hooks webhooks test --junit (built binary, fake Square)", () => {
  it("a case per test delivery, the refused one failed with its status, valid against junit-10.xsd", async () => {
    // Square tests one event type a call: the second delivery is answered 500.
    receiver = await startReceiver((_request, n, response) => {
      response.statusCode = n === 2 ? 500 : 200;
      response.end();
    });
    const created = await hooks([
      "create",
      receiver.url,
      "--event",
      "payment.created",
      "--event",
      "payment.updated",
      "--json",
    ]);
    expect(created.code, created.stderr).toBe(0);
    const id = String((JSON.parse(created.stdout) as { id: string }).id);
    const file = join(dir, "webhooks.xml");
    const summary = join(dir, "summary.md");
    const result = await hooks(["test", id, "--junit", file], {
      GITHUB_ACTIONS: "true",
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(result.code, result.stderr).toBe(1);
    expect(receiver.requests).toHaveLength(2);

    const xml = await readFile(file, "utf8");
    expect(suiteCounts(xml)).toEqual({ tests: 2, failures: 1, cases: 2, failureElements: 1 });
    expect(xml).toContain('<testsuite name="hooks webhooks test square"');
    expect(xml).toMatch(
      /<testcase classname="square" name="payment\.created \S+" time="0\.000"\/>/,
    );
    expect(failureMessages(xml)).toEqual([expect.stringMatching(/, status 500$/)]);
    expect(await schemaErrors(xml)).toEqual([]);
    expect(result.stdout).toMatch(/^::error title=square payment\.updated \S+::.*, status 500$/m);
    expect(await readFile(summary, "utf8")).toContain("| 1 | 1 | 2 |");
  });

  it("a passing test writes a report of 0 failures and exits 0, --json left whole", async () => {
    receiver = await startReceiver();
    const created = await hooks(["create", receiver.url, "--event", "payment.created", "--json"]);
    const id = String((JSON.parse(created.stdout) as { id: string }).id);
    const file = join(dir, "ok.xml");
    const result = await hooks(["test", id, "--json", "--junit", file], { GITHUB_ACTIONS: "true" });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ data: { testsRun: 1, testsFailed: 0 } });
    const xml = await readFile(file, "utf8");
    expect(suiteCounts(xml)).toEqual({ tests: 1, failures: 0, cases: 1, failureElements: 0 });
    expect(await schemaErrors(xml)).toEqual([]);
  });
});
