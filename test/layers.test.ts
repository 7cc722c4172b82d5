import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// The layers: commands parse flags, call the core and render; the core emits data and never
// imports a renderer or a command (a session that shows itself takes its view injected, as
// src/listener/run-listen.ts does); a renderer prints or returns, and the command decides the
// exit code.
const SRC = join(import.meta.dirname, "../src");
const CORE =
  /^(listener|sender|signing|store|providers|tunnel|inspector|config|http|events|doctor|init|util)\//;

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "assets" ? [] : sources(path);
    return entry.name.endsWith(".ts") ? [relative(SRC, path)] : [];
  });
}
const files = sources();

describe("layers", () => {
  it("the core imports no renderer and no command", () => {
    const offenders = files.filter(
      (file) =>
        CORE.test(file) &&
        /(from |import\()"\.\.\/(render|commands)\//.test(readFileSync(join(SRC, file), "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("no renderer decides an exit code", () => {
    const offenders = files.filter(
      (file) =>
        file.startsWith("render/") &&
        /\b(CheckFailed|UsageError|process\.exit)\b/.test(readFileSync(join(SRC, file), "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});
