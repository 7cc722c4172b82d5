import { readFileSync } from "node:fs";
import { validateXML } from "xmllint-wasm";

// The JUnit XML schema Jenkins' xUnit plugin reads (test/fixtures/junit/junit-10.xsd, its source
// and licence in the file), and what a report says, for the tests of every --junit file.

const SCHEMA = readFileSync(new URL("../fixtures/junit/junit-10.xsd", import.meta.url), "utf8");

/** libxml2's own errors for `xml` against junit-10.xsd; [] when it is valid. */
export async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: "report.xml", contents: xml }],
    schema: [{ fileName: "junit-10.xsd", contents: SCHEMA }],
  });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}

export interface SuiteCounts {
  tests: number;
  failures: number;
  cases: number;
  failureElements: number;
}

/** The suite's counters, and the testcase and failure elements really in the file. */
export function suiteCounts(xml: string): SuiteCounts {
  const suite = /<testsuite\s[^>]*>/.exec(xml)?.[0] ?? "";
  const number = (name: string): number =>
    Number(new RegExp(`\\s${name}="(\\d+)"`).exec(suite)?.[1] ?? NaN);
  return {
    tests: number("tests"),
    failures: number("failures"),
    cases: xml.match(/<testcase\s/g)?.length ?? 0,
    failureElements: xml.match(/<failure\s/g)?.length ?? 0,
  };
}

/** The failure messages, as a parser reads them (entities decoded). */
export function failureMessages(xml: string): string[] {
  return [...xml.matchAll(/<failure message="([^"]*)"/g)].map((match) => decode(match[1] ?? ""));
}

function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
