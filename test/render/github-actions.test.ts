import { describe, expect, it } from "vitest";
import {
  ANNOTATION_LIMIT,
  annotationLines,
  escapeData,
  escapeProperty,
  markdownCell,
  stepSummary,
} from "../../src/render/github-actions.js";
import type { RunReport } from "../../src/render/run-report.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

function report(failures: number, passes = 1, message = "HTTP 500, status 500"): RunReport {
  const cases: RunReport["cases"] = [];
  for (let i = 0; i < passes; i += 1)
    cases.push({ classname: "stripe", name: `ok evt_${i}`, durationMs: 1 });
  for (let i = 0; i < failures; i += 1) {
    cases.push({
      classname: "stripe",
      name: `charge.failed evt_f${i}`,
      durationMs: 1,
      failure: { message, type: "http_error" },
    });
  }
  return {
    name: "hooks send stripe",
    startedAt: new Date(0).toISOString(),
    durationMs: 5,
    properties: {},
    cases,
  };
}

describe("workflow commands", () => {
  it("escape %, CR and LF in data, and : and , too in properties", () => {
    expect(escapeData("50% done\r\nnext: a, b")).toBe("50%25 done%0D%0Anext: a, b");
    expect(escapeProperty("50% done\nnext: a, b")).toBe("50%25 done%0Anext%3A a%2C b");
  });

  it("one ::error line per failure, a text from the network kept on its one line", () => {
    const lines = annotationLines(report(1, 2, `bad\n::warning::forged \u001b[2J`));
    expect(lines).toEqual([
      "::error title=stripe charge.failed evt_f0::bad%0A::warning::forged \\u001b[2J",
    ]);
  });

  it("masks secrets, and stops at the limit with a line that counts the rest", () => {
    const lines = annotationLines(report(ANNOTATION_LIMIT + 3, 0, `key ${SECRET}`), [SECRET]);
    expect(lines).toHaveLength(ANNOTATION_LIMIT + 1);
    expect(lines.join("\n")).not.toContain(SECRET);
    expect(lines.at(-1)).toBe(
      "::error title=hooks send stripe::3 more failure(s); the step summary and the JUnit report list them",
    );
  });

  it("nothing when every test passed", () => {
    expect(annotationLines(report(0, 3))).toEqual([]);
  });
});

describe("the step summary", () => {
  it("counts, then one row per failure, cells escaped for a Markdown table", () => {
    const text = stepSummary(report(2, 3, "a | b\nc <img src=x> `d`"));
    expect(text).toContain("| 3 | 2 | 5 |");
    const rows = text.split("\n").filter((line) => line.startsWith("| stripe charge.failed"));
    expect(rows).toEqual([
      "| stripe charge.failed evt_f0 | a \\| b<br>c &lt;img src=x&gt; \\`d\\` | http_error |",
      "| stripe charge.failed evt_f1 | a \\| b<br>c &lt;img src=x&gt; \\`d\\` | http_error |",
    ]);
  });

  it("has no failure table when all passed, and masks secrets", () => {
    expect(stepSummary(report(0, 2))).not.toContain("| Test |");
    expect(stepSummary(report(1, 0, SECRET), [SECRET])).not.toContain(SECRET);
  });

  it("markdownCell escapes backslashes before the pipes it escapes", () => {
    expect(markdownCell("a\\|b")).toBe("a\\\\\\|b");
  });
});
