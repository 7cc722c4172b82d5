import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, spawnCli } from "../helpers/cli.js";
import { failureMessages, schemaErrors, suiteCounts } from "../helpers/junit.js";
import { startReceiver, type Receiver } from "../send/receiver.js";

// --junit on `hooks send`, through the built binary against a real receiver that fails some
// deliveries: the file's counts, its validity against junit-10.xsd, and GitHub Actions' side.

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
let dir: string;
let receiver: Receiver | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-junit-"));
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Every third request is refused with a 500 whose body quotes the secret and a terminal escape. */
function failEveryThird(_request: unknown, n: number, response: ServerResponse): void {
  response.statusCode = n % 3 === 0 ? 500 : 200;
  response.end(n % 3 === 0 ? `no: ${SECRET} \u001b[31m<&>` : "ok");
}

function send(args: string[], env: Record<string, string> = {}) {
  return runCli(
    [
      "send",
      String(receiver?.url),
      "--provider",
      "stripe",
      "--secret",
      SECRET,
      "--event",
      "charge.succeeded",
      "--concurrency",
      "1",
      ...args,
    ],
    { env },
  );
}

describe("hooks send --junit (built binary)", () => {
  it("writes one test case a delivery, failures with reason and status, valid against junit-10.xsd", async () => {
    receiver = await startReceiver(failEveryThird);
    const file = join(dir, "send.xml");
    const result = await send(["--count", "6", "--junit", file]);
    expect(result.code, result.stderr).toBe(1);
    const xml = await readFile(file, "utf8");
    expect(suiteCounts(xml)).toEqual({ tests: 6, failures: 2, cases: 6, failureElements: 2 });
    expect(failureMessages(xml)).toEqual([
      expect.stringMatching(/500.*, status 500$/),
      expect.stringMatching(/500.*, status 500$/),
    ]);
    expect(xml).toMatch(
      /<testcase classname="stripe" name="charge\.succeeded evt_\w+" time="\d+\.\d{3}"/,
    );
    expect(xml).not.toContain(SECRET);
    expect(xml).not.toContain("\u001b");
    expect(await schemaErrors(xml)).toEqual([]);
    // Nothing left behind but the report: the temporary file was renamed over it.
    expect(await readdir(dir)).toEqual(["send.xml"]);
  });

  it("a report of a run that passed says so, and exits 0", async () => {
    receiver = await startReceiver();
    const file = join(dir, "ok.xml");
    const result = await send(["--count", "2", "--junit", file]);
    expect(result.code, result.stderr).toBe(0);
    const xml = await readFile(file, "utf8");
    expect(suiteCounts(xml)).toEqual({ tests: 2, failures: 0, cases: 2, failureElements: 0 });
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it("refuses a --junit file in a directory that does not exist, before sending anything", async () => {
    receiver = await startReceiver();
    const file = join(dir, "missing", "r.xml");
    const result = await send(["--junit", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `hooks: cannot write ${file}: no such file; --junit needs a file in an existing directory\n`,
    );
    expect(receiver.requests).toHaveLength(0);
  });

  it("under GitHub Actions prints ::error lines on stdout and appends the step summary", async () => {
    receiver = await startReceiver(failEveryThird);
    const summary = join(dir, "summary.md");
    await writeFile(summary, "before\n");
    const result = await send(["--count", "3"], {
      GITHUB_ACTIONS: "true",
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(result.code).toBe(1);
    const errors = result.stdout.split("\n").filter((line) => line.startsWith("::error"));
    expect(errors).toEqual([
      expect.stringMatching(
        /^::error title=stripe charge\.succeeded evt_\w+::HTTP 500.*, status 500$/,
      ),
    ]);
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stdout).not.toContain("\u001b");
    const markdown = await readFile(summary, "utf8");
    expect(markdown.startsWith("before\n### hooks send stripe\n")).toBe(true);
    expect(markdown).toContain("| 2 | 1 | 3 |");
    expect(markdown).toMatch(
      /\| stripe charge\.succeeded evt_\w+ \| HTTP 500.*&lt;&amp;&gt;, status 500 \| http_error \|/,
    );
    expect(markdown).not.toContain(SECRET);
  });

  it("with --json the ::error lines go to stderr, and stdout stays one JSON document", async () => {
    receiver = await startReceiver(failEveryThird);
    const file = join(dir, "json.xml");
    const result = await send(["--count", "3", "--json", "--junit", file], {
      GITHUB_ACTIONS: "true",
    });
    expect(result.code).toBe(1);
    const document = JSON.parse(result.stdout) as { data: { testsFailed: number } };
    expect(document.data.testsFailed).toBe(1);
    expect(result.stderr).toMatch(/^::error title=stripe charge\.succeeded evt_\w+::/m);
    expect(suiteCounts(await readFile(file, "utf8")).failures).toBe(1);
  });

  it("prints no annotation outside GitHub Actions", async () => {
    receiver = await startReceiver(failEveryThird);
    const result = await send(["--count", "3"], { GITHUB_ACTIONS: "" });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain("::error");
  });

  it("writes the report of a run stopped by Ctrl-C, then exits 130", async () => {
    // The first delivery is answered; the second is held until --timeout, so Ctrl-C lands while
    // it is in flight and nothing more is sent.
    let arrived: () => void = () => {};
    const second = new Promise<void>((resolve) => (arrived = resolve));
    receiver = await startReceiver((_request, n, response) => {
      if (n === 1) return void response.end("ok");
      arrived();
    });
    const file = join(dir, "cancelled.xml");
    const child = spawnCli([
      "send",
      receiver.url,
      "--provider",
      "stripe",
      "--secret",
      SECRET,
      "--event",
      "charge.succeeded",
      "--count",
      "5",
      "--concurrency",
      "1",
      "--timeout",
      "1500",
      "--junit",
      file,
    ]);
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    await second;
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    const xml = await readFile(file, "utf8");
    expect(suiteCounts(xml)).toEqual({ tests: 2, failures: 1, cases: 2, failureElements: 1 });
    expect(xml).toContain('<property name="cancelledBy" value="SIGINT"/>');
    expect(xml).toContain('<property name="planned" value="5"/>');
    expect(await schemaErrors(xml)).toEqual([]);
  });
});
