import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { runWorkflow, type Step } from "../helpers/actions-runner.js";
import { cliEnv } from "../helpers/cli.js";
import { schemaErrors, suiteCounts } from "../helpers/junit.js";
import { hooksOnPath, readmeBlocks } from "../helpers/readme.js";
import { freePort } from "../tunnel/fake.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const [PLAIN, WITH_ACTION] = readmeBlocks(
  "workflow: run by test/e2e/github-workflow.test.ts",
  "yaml",
);

/** The app the workflow starts (`npm start`): answers 200, or 500 for the events given. */
async function startApp(
  failing: readonly string[] = [],
): Promise<{ port: number; events: string[]; server: Server }> {
  const events: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const type = (JSON.parse(body) as { type: string }).type;
      events.push(type);
      res.statusCode = failing.includes(type) ? 500 : 200;
      res.end(failing.includes(type) ? "database is down" : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { port: typeof address === "object" && address ? address.port : 0, events, server };
}

let app: Awaited<ReturnType<typeof startApp>> | undefined;
afterEach(async () => {
  await new Promise((resolve) => (app ? app.server.close(resolve) : resolve(undefined)));
  app = undefined;
});

/**
 * The workflow as printed, with the app's and listener's ports made free ones. The test stands
 * in for two steps: it starts the app itself, and `hooks` is the built binary on PATH (the
 * installed package is tested by test/e2e/package.test.ts).
 */
async function run(workflow: string, appPort: number, inputOverrides?: Record<string, string>) {
  const script = workflow
    .replaceAll("3000", String(appPort))
    .replaceAll("4665", String(await freePort()));
  const cwd = mkdtempSync(join(tmpdir(), "hooks-workflow-"));
  const stoodInFor = (step: Step): boolean =>
    step.name === "Start your app" || step.name === "Install hooks";
  const result = await runWorkflow(script, {
    cwd,
    env: cliEnv({ PATH: `${hooksOnPath()}:${process.env.PATH ?? ""}` }),
    secrets: { STRIPE_WEBHOOK_SECRET: SECRET },
    actionDir: ROOT,
    skip: stoodInFor,
    inputOverrides,
  });
  return { ...result, cwd };
}

/** A JUnit file's counts, after checking it against the schema CI servers read. */
async function junitCounts(
  path: string,
): Promise<{ tests: number; failures: number; cases: number }> {
  const xml = readFileSync(path, "utf8");
  expect(await schemaErrors(xml)).toEqual([]);
  const { tests, failures, cases } = suiteCounts(xml);
  return { tests, failures, cases };
}

describe("the README's GitHub Actions workflows, run as printed on 127.0.0.1", () => {
  it("the plain workflow: 3 deliveries reach the app, both JUnit files count 3 passed", async () => {
    app = await startApp();
    const { code, output, cwd } = await run(PLAIN!, app.port);
    expect(code, output).toBe(0);
    expect(app.events).toEqual(["invoice.paid", "invoice.paid", "invoice.paid"]);
    expect(await junitCounts(join(cwd, "reports/send.xml"))).toEqual({
      tests: 3,
      failures: 0,
      cases: 3,
    });
    expect(await junitCounts(join(cwd, "reports/listen.xml"))).toEqual({
      tests: 3,
      failures: 0,
      cases: 3,
    });
  }, 60_000);

  it("the action: 2 events × 2 reach the app; a failing app fails the step, annotated and summarised", async () => {
    app = await startApp();
    const passing = await run(WITH_ACTION!, app.port, { package: "" });
    expect(passing.code, passing.output).toBe(0);
    expect([...app.events].sort()).toEqual([
      "customer.created",
      "customer.created",
      "invoice.paid",
      "invoice.paid",
    ]);
    const reports = join(passing.cwd, "hooks-reports");
    expect(await junitCounts(join(reports, "send.xml"))).toEqual({
      tests: 4,
      failures: 0,
      cases: 4,
    });
    expect(await junitCounts(join(reports, "listen.xml"))).toEqual({
      tests: 4,
      failures: 0,
      cases: 4,
    });
    await new Promise((resolve) => app!.server.close(resolve));

    app = await startApp(["customer.created"]);
    const failing = await run(WITH_ACTION!, app.port, { package: "" });
    expect(failing.code).toBe(1);
    expect(await junitCounts(join(failing.cwd, "hooks-reports/send.xml"))).toMatchObject({
      tests: 4,
      failures: 2,
    });
    expect(failing.output).toMatch(/^::error\b.*customer\.created/m);
    expect(readFileSync(failing.summaryFile, "utf8")).toMatch(/\|.*customer\.created.*\|/);
  }, 90_000);
});
