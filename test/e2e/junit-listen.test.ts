import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { standard } from "../../src/providers/standard.js";
import { runCli } from "../helpers/cli.js";
import { failureMessages, schemaErrors, suiteCounts } from "../helpers/junit.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";

// `hooks listen --expect n --junit <file>` through the built binary: a test case per expected
// request, passed by a valid delivery, failed by an invalid one or by one that never came.

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
let dir: string;
let running: ListenProcess | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-junit-listen-"));
});
afterEach(async () => {
  await running?.stop("SIGKILL");
  running = undefined;
  await rm(dir, { recursive: true, force: true });
});

function listen(args: string[], env: Record<string, string | undefined> = {}): ListenProcess {
  running = ListenProcess.start(
    [
      "--tunnel",
      "none",
      "--port",
      "0",
      "--no-inspect",
      "--store",
      join(dir, "events.jsonl"),
      ...args,
    ],
    { XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir, ...env },
  );
  return running;
}

function signed(body: string, id: string, secret = SECRET) {
  return { headers: standard.sign({ body: Buffer.from(body), secret, id }), body };
}

describe("hooks listen --expect --junit (built binary)", () => {
  it("1 valid and 1 invalid of 2 expected: one passed, one failed with the reason; --json stays NDJSON", async () => {
    const file = join(dir, "listen.xml");
    const summary = join(dir, "summary.md");
    const proc = listen(
      ["--json", "--secret", SECRET, "--expect", "2", "--timeout", "20", "--junit", file],
      { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary },
    );
    const { localUrl } = await proc.ready();
    await send(`${String(localUrl)}/ok`, signed('{"type":"order.created"}', "msg_good"));
    const wrong = "whsec_QWxsIHRoZSB3cm9uZyBzZWNyZXQgaGVyZQ==";
    await send(`${String(localUrl)}/bad`, signed('{"type":"order.updated"}', "msg_bad", wrong));
    expect(await proc.exited).toBe(1);

    const xml = await readFile(file, "utf8");
    expect(suiteCounts(xml)).toEqual({ tests: 2, failures: 1, cases: 2, failureElements: 1 });
    expect(xml).toMatch(/<testcase classname="standard" name="order\.created \S+" time=/);
    expect(xml).toMatch(/<failure message="invalid: [^"]+, status 200" type="signature_invalid">/);
    expect(xml).toContain('<property name="expected" value="2"/>');
    expect(xml).not.toContain(SECRET);
    expect(await schemaErrors(xml)).toEqual([]);

    // stdout is still one JSON object a line; the annotation went to stderr.
    for (const line of proc.stdout.trim().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
    expect(proc.stderr).toMatch(/^::error title=standard order\.updated \S+::invalid: /m);
    expect(await readFile(summary, "utf8")).toContain("| 1 | 1 | 2 |");
  });

  it("1 of 2 by the timeout: the missing one fails as not arrived within --timeout", async () => {
    const file = join(dir, "timeout.xml");
    const proc = listen(["--expect", "2", "--timeout", "1", "--junit", file], {
      GITHUB_ACTIONS: undefined,
    });
    await proc.waitForText(/listening on/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.stdout)![1]!;
    await send(`${url}/only-one\u001b[2J`, { body: "x" });
    expect(await proc.exited).toBe(1);

    const xml = await readFile(file, "utf8");
    expect(suiteCounts(xml)).toEqual({ tests: 2, failures: 1, cases: 2, failureElements: 1 });
    expect(failureMessages(xml)).toEqual(["did not arrive within --timeout (1 s)"]);
    expect(xml).toContain('<testcase classname="hooks.listen" name="expected request 2 of 2"');
    // No secret to check it with: the unsigned one that came passes.
    expect(xml).toMatch(
      /<testcase classname="hooks.listen" name="POST \/only-one\S* req_\w+" time="[\d.]+">\n\s*<system-out>signature: unsigned<\/system-out>/,
    );
    expect(xml).toContain('<property name="arrived" value="1"/>');
    expect(xml).toContain('<property name="endedBy" value="timeout"/>');
    expect(xml).not.toContain("\u001b");
    expect(proc.stdout).not.toContain("::error");
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it("refuses --junit without --expect, and a file whose directory does not exist", async () => {
    const alone = await runCli(["listen", "--tunnel", "none", "--junit", join(dir, "r.xml")]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toBe(
      "hooks: --junit needs --expect <n>: its test cases are the expected requests\n",
    );
    const nowhere = join(dir, "no", "r.xml");
    const missing = await runCli([
      "listen",
      "--tunnel",
      "none",
      "--expect",
      "1",
      "--junit",
      nowhere,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `hooks: cannot write ${nowhere}: no such file; --junit needs a file in an existing directory\n`,
    );
  });
});
