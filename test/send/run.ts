import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executeSend, type SendDependencies } from "../../src/sender/execute-send.js";
import { prepareSend, type SendOptions } from "../../src/sender/prepare-send.js";
import type { SendPlan, SendSummary, TestResult } from "../../src/sender/types.js";

// Never read the real user's profile from these tests.
process.env.HOOKS_CONFIG_DIR ??= mkdtempSync(join(tmpdir(), "hooks-send-test-"));
delete process.env.HOOKS_SECRET;

export interface Run {
  plan: SendPlan;
  summary: SendSummary;
  tests: TestResult[];
}

/** Prepares and runs a send in-process, collecting every test result. */
export async function send(options: SendOptions, deps: SendDependencies = {}): Promise<Run> {
  const prepared = await prepareSend(options);
  const tests: TestResult[] = [];
  let plan: SendPlan | undefined;
  const summary = await executeSend(
    prepared,
    {
      start: (p) => void (plan = p),
      result: (test) => void tests.push(test),
      end: async () => {},
    },
    { sleep: async () => {}, ...deps },
  );
  return { plan: plan as SendPlan, summary, tests };
}

export function json(body: Buffer): Record<string, unknown> {
  return JSON.parse(body.toString("utf8")) as Record<string, unknown>;
}
