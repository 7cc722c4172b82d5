import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { checkOutputPath, writeFileAtomic } from "../../src/util/atomic-write.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-atomic-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFileAtomic", () => {
  it("replaces the file whole and leaves no temporary file", async () => {
    const file = join(dir, "r.xml");
    await writeFile(file, "old");
    await writeFileAtomic(file, "new", "--junit");
    expect(await readFile(file, "utf8")).toBe("new");
    expect(await readdir(dir)).toEqual(["r.xml"]);
  });

  it("a path it cannot write is a one-line UsageError naming the flag", async () => {
    await mkdir(join(dir, "taken.xml"));
    const error = await writeFileAtomic(join(dir, "taken.xml"), "x", "--junit").catch((e) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      `cannot write ${join(dir, "taken.xml")}: is a directory; pass --junit a file in a writable directory`,
    );
    expect(await readdir(dir)).toEqual(["taken.xml"]);
  });
});

describe("checkOutputPath", () => {
  it("passes a new file in an existing directory, and no path at all", () => {
    expect(() => checkOutputPath(join(dir, "new.xml"), "--junit")).not.toThrow();
    expect(() => checkOutputPath(undefined, "--junit")).not.toThrow();
  });

  it("refuses a directory, a missing directory and a parent that is a file", async () => {
    await writeFile(join(dir, "file"), "");
    expect(() => checkOutputPath(dir, "--junit")).toThrow(
      /is a directory; --junit needs a file name/,
    );
    expect(() => checkOutputPath(join(dir, "no", "r.xml"), "--junit")).toThrow(/no such file/);
    expect(() => checkOutputPath(join(dir, "file", "r.xml"), "--junit")).toThrow(/not a directory/);
  });
});
