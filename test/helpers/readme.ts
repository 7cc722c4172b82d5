import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BIN } from "./cli.js";

const README = fileURLToPath(new URL("../../README.md", import.meta.url));

/**
 * The fenced blocks of `lang` that follow each README marker naming this test, in order: the
 * README's recipes are run as printed, so they cannot rot.
 */
export function readmeBlocks(marker: string, lang: "sh" | "yaml"): string[] {
  const text = readFileSync(README, "utf8");
  const blocks: string[] = [];
  for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) {
    const block = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(text.slice(at));
    if (!block?.[1]) throw new Error(`no ${lang} block after ${marker}`);
    blocks.push(block[1]);
  }
  if (blocks.length === 0) throw new Error(`the README has no marker ${marker}`);
  return blocks;
}

/** A directory with a `hooks` on PATH that runs the built binary, as `npm i -g` would. */
export function hooksOnPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "hooks-path-"));
  const shim = join(dir, "hooks");
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(shim, 0o755);
  return dir;
}
