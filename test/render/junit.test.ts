import { describe, expect, it } from "vitest";
import { buildJunit, xmlAttribute, xmlText } from "../../src/render/junit.js";
import type { RunReport } from "../../src/render/run-report.js";
import { failureMessages, schemaErrors, suiteCounts } from "../helpers/junit.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

function report(cases: RunReport["cases"], properties: RunReport["properties"] = {}): RunReport {
  return {
    name: "hooks send stripe",
    startedAt: "2026-05-01T10:00:00.123Z",
    durationMs: 1234,
    properties,
    cases,
  };
}

const passed = (name: string): RunReport["cases"][number] => ({
  classname: "stripe",
  name,
  durationMs: 12,
});

describe("buildJunit", () => {
  it("counts the cases and the failures, and validates against junit-10.xsd", async () => {
    const xml = buildJunit(
      report(
        [
          passed("charge.succeeded evt_1"),
          {
            classname: "stripe",
            name: "charge.failed evt_2",
            durationMs: 1500,
            failure: { message: "HTTP 500: boom, status 500", type: "http_error" },
          },
          passed("payout.paid evt_3"),
        ],
        { provider: "stripe" },
      ),
    );
    expect(suiteCounts(xml)).toEqual({ tests: 3, failures: 1, cases: 3, failureElements: 1 });
    expect(xml).toContain(
      '<testsuites name="hooks" tests="3" failures="1" errors="0" time="1.234">',
    );
    expect(xml).toContain('timestamp="2026-05-01T10:00:00"');
    expect(xml).toContain('<testcase classname="stripe" name="charge.failed evt_2" time="1.500">');
    expect(failureMessages(xml)).toEqual(["HTTP 500: boom, status 500"]);
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it("an empty run is a valid suite of 0 tests", async () => {
    const xml = buildJunit(report([]));
    expect(suiteCounts(xml)).toEqual({ tests: 0, failures: 0, cases: 0, failureElements: 0 });
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it("escapes markup and quotes in attributes and text, keeping line breaks in attributes", async () => {
    const message = `a <b> & "c" 'd'\nnext\tline\r`;
    const xml = buildJunit(
      report([
        {
          classname: 'x"><injected/>',
          name: "</testcase>",
          durationMs: 1,
          failure: { message, type: "http_error", detail: "<![CDATA[ ]]> & <x>" },
        },
      ]),
    );
    expect(xml).not.toContain("<injected/>");
    expect(xml).not.toContain("<![CDATA[");
    expect(failureMessages(xml)).toEqual([message]);
    expect(suiteCounts(xml).cases).toBe(1);
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it("writes the characters XML 1.0 forbids escaped, as JSON does, so the file still parses", async () => {
    const hostile = "esc\u001b[31m nul\u0000 bell\u0007 del\u007f lone\ud800 fffe\ufffe emoji😀";
    const xml = buildJunit(
      report([
        {
          classname: "hooks.listen",
          name: `POST /p${hostile}`,
          durationMs: 1,
          failure: { message: hostile, type: "signature_invalid", detail: hostile },
          facts: { signature: "invalid", path: hostile },
        },
      ]),
    );
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ud800\ufffe]/);
    expect(xml).toContain(
      "esc\\u001b[31m nul\\u0000 bell\\u0007 del\\u007f lone\\ud800 fffe\\ufffe emoji😀",
    );
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it("masks the secrets in every text, as the rest of hooks shows them", async () => {
    const xml = buildJunit(
      report(
        [
          {
            classname: "stripe",
            name: `charge.succeeded ${SECRET}`,
            durationMs: 1,
            failure: {
              message: `401: bad key ${SECRET}`,
              type: "http_error",
              detail: `the body quoted ${encodeURIComponent(SECRET)}`,
            },
            facts: { echoed: SECRET },
          },
        ],
        { url: `http://127.0.0.1/?key=${SECRET}` },
      ),
      [SECRET],
    );
    expect(xml).not.toContain(SECRET);
    expect(xml).not.toContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    expect(xml).toContain("whsec_Mf…aSw");
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it("puts a test's facts (duplicateOf, attempts) in its system-out, only when set", async () => {
    const xml = buildJunit(
      report([
        { ...passed("charge.succeeded evt_2"), facts: { duplicateOf: "evt_1", attempts: "3" } },
        passed("charge.succeeded evt_3"),
      ]),
    );
    expect(xml).toContain("<system-out>duplicateOf: evt_1\nattempts: 3</system-out>");
    expect(xml.match(/<system-out>/g)).toHaveLength(1);
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it("the schema check itself catches a file that is not a JUnit report", async () => {
    const errors = await schemaErrors('<testsuites><testsuite name="x"/></testsuites>');
    expect(errors.join("\n")).toMatch(/tests/);
  });
});

describe("xmlText and xmlAttribute", () => {
  it("escape what each place needs", () => {
    expect(xmlText(`<a href="x">&</a>`)).toBe(`&lt;a href="x"&gt;&amp;&lt;/a&gt;`);
    expect(xmlAttribute(`"a"\n<b>`)).toBe("&quot;a&quot;&#10;&lt;b&gt;");
  });
});
