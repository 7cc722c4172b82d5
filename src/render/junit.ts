import { failureCount, redactReport, type ReportCase, type RunReport } from "./run-report.js";

// The JUnit XML that CI servers read (Jenkins, GitLab, GitHub test reporters): the shape of the
// xUnit plugin's junit-10.xsd, which test/fixtures/junit/ holds and the tests validate against.
// The text comes from the network (a server's error, a request's path and event type), so every
// character XML 1.0 cannot carry is written as JSON writes it (`\u001b`), and the rest escaped.

/**
 * Characters XML 1.0 forbids even as references (C0 controls but tab and line breaks, lone
 * surrogates, U+FFFE/F), and DEL and the C1 controls, which it allows but a terminal showing the
 * file would act on.
 */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const shown = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** Element text: the forbidden characters shown, `&`, `<` and `>` escaped. */
export function xmlText(text: string): string {
  return text
    .replace(FORBIDDEN, shown)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** An attribute value: as text, plus quotes, and line breaks and tabs as references, which a parser would otherwise turn into spaces. */
export function xmlAttribute(text: string): string {
  return xmlText(text)
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}

/** Seconds, three decimals: the form junit-10.xsd's SUREFIRE_TIME takes. */
function seconds(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? (ms / 1000).toFixed(3) : "0.000";
}

/** Ant's form (`2026-05-01T10:00:00`), in UTC: the one every reader of JUnit files parses. */
function timestamp(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "1970-01-01T00:00:00" : date.toISOString().slice(0, 19);
}

function attributes(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${xmlAttribute(value)}"`)
    .join("");
}

function testcase(one: ReportCase): string {
  const head = `    <testcase${attributes({ classname: one.classname, name: one.name, time: seconds(one.durationMs) })}`;
  const children: string[] = [];
  if (one.failure) {
    const failure = attributes({ message: one.failure.message, type: one.failure.type });
    const detail = one.failure.detail ?? one.failure.message;
    children.push(`      <failure${failure}>${xmlText(detail)}</failure>`);
  }
  const facts = Object.entries(one.facts ?? {});
  if (facts.length > 0) {
    // junit-10.xsd has no <properties> in a testcase: its facts go to system-out, one a line.
    const lines = facts.map(([name, value]) => `${name}: ${value}`).join("\n");
    children.push(`      <system-out>${xmlText(lines)}</system-out>`);
  }
  if (children.length === 0) return `${head}/>`;
  return `${head}>\n${children.join("\n")}\n    </testcase>`;
}

/** The whole file: one `<testsuite>` in `<testsuites>`, secrets masked. */
export function buildJunit(report: RunReport, secrets: readonly string[] = []): string {
  const shownReport = redactReport(report, secrets);
  const counts = {
    tests: String(shownReport.cases.length),
    failures: String(failureCount(shownReport)),
    errors: "0",
  };
  const time = seconds(shownReport.durationMs);
  const properties = Object.entries(shownReport.properties).map(
    ([name, value]) => `      <property${attributes({ name, value })}/>`,
  );
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${attributes({ name: "hooks", ...counts, time })}>`,
    `  <testsuite${attributes({ name: shownReport.name, ...counts, skipped: "0", time, timestamp: timestamp(shownReport.startedAt) })}>`,
    ...(properties.length > 0 ? ["    <properties>", ...properties, "    </properties>"] : []),
    ...shownReport.cases.map(testcase),
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
