import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/errors.js";

const read = (path: string): string =>
  readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

describe("exit codes", () => {
  it("the README's table lists exactly the codes in EXIT, 70 (a bug) included", () => {
    const readme = read("README.md");
    const table = readme.slice(
      readme.indexOf("## Exit codes"),
      readme.indexOf("\n## ", readme.indexOf("## Exit codes") + 1),
    );
    const documented = [...table.matchAll(/^\| (\d+) +\|/gm)].map((match) => Number(match[1]));
    expect(documented.sort((a, b) => a - b)).toEqual(Object.values(EXIT).sort((a, b) => a - b));
    expect(EXIT.internal).toBe(70);
    // 130 is every cancellation: a prompt's Ctrl-C and a cancelled `hooks send` alike.
    expect(table).toMatch(/^\| 130 +\|.*Ctrl-C at a prompt.*Ctrl-C during `hooks send`/m);
  });

  it("src/cli.ts returns no literal exit code: each one is named in EXIT", () => {
    expect(read("src/cli.ts")).not.toMatch(/return \d+;|exit\(\d+\)/);
  });
});
