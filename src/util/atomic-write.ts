import { statSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileError } from "./file-error.js";
import { UsageError } from "../errors.js";

/**
 * Checked before a run starts (`--junit <file>`): a report that cannot be written is better said
 * at once, in one line, than after a ten-minute run. Only the directory is checked; the file
 * itself is created at the end.
 */
export function checkOutputPath(path: string | undefined, flag: string): void {
  if (path === undefined) return;
  const dir = dirname(path);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch (error) {
    throw fileError("write", path, error, `${flag} needs a file in an existing directory`);
  }
  if (!isDirectory) {
    throw new UsageError(
      `cannot write ${path}: ${dir} is not a directory; ${flag} needs a file in an existing directory`,
    );
  }
  try {
    if (statSync(path).isDirectory()) {
      throw new UsageError(`cannot write ${path}: is a directory; ${flag} needs a file name`);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // No such file yet: it is created at the end.
  }
}

/**
 * Writes `text` to a temporary file beside `path` and renames it over `path`: a CI server that
 * reads the report while hooks writes it (or a run killed half-way through the write) sees the
 * old file or the whole new one, never half of one.
 */
export async function writeFileAtomic(path: string, text: string, flag: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, text, { encoding: "utf8", mode: 0o644 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw fileError("write", path, error, `pass ${flag} a file in a writable directory`);
  }
}
