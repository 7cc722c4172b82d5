import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { describeFileError, fileError } from "../../src/util/file-error.js";

const errno = (code: string, syscall = "open", path = "/x/y"): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });

describe("describeFileError", () => {
  it("says each errno in words", () => {
    expect(describeFileError(errno("EISDIR"))).toBe("is a directory");
    expect(describeFileError(errno("ENOTDIR"))).toBe("a parent of it is a file");
    expect(describeFileError(errno("ENOENT"))).toBe("no such file");
    expect(describeFileError(errno("EACCES"))).toBe("permission denied");
    expect(describeFileError(errno("EPERM"))).toBe("permission denied");
    expect(describeFileError(errno("EROFS"))).toBe("the file system is read-only");
    expect(describeFileError(errno("EWHATEVER"))).toBe("EWHATEVER");
  });

  it("tells a directory that is a file from a parent that is one (mkdir's EEXIST)", () => {
    expect(describeFileError(errno("EEXIST", "mkdir", "/x/y"), "/x/y")).toBe(
      "is a file, not a directory",
    );
    expect(describeFileError(errno("EEXIST", "mkdir", "/x"), "/x/y.jsonl")).toBe(
      "a parent of it is a file",
    );
    expect(describeFileError(errno("EEXIST", "open"), "/x/y")).toBe("already exists");
  });

  it("makes one exit-2 line naming the path and the fix", () => {
    const error = fileError("read the store", "/tmp", errno("EISDIR"), "pass --store <file>");
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe("cannot read the store /tmp: is a directory; pass --store <file>");
  });
});
