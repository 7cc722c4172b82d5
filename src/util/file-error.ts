import { UsageError } from "../errors.js";

/**
 * What a failed file operation on `path` ran into, in words (`is a directory`): errno codes
 * (EISDIR, EEXIST) mean nothing to most users. EEXIST from a recursive mkdir means that the
 * directory it was making is a file: `path` itself, or (for a file in it) a parent of `path`.
 * Kept free of imports beyond errors.js: `hooks verify` reads its payload through it.
 */
export function describeFileError(error: unknown, path?: string): string {
  const { code, syscall, message } = error as NodeJS.ErrnoException;
  const errorPath = (error as NodeJS.ErrnoException).path;
  const itself = path === undefined || errorPath === path;
  switch (code) {
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "a parent of it is a file";
    case "EEXIST":
      if (syscall !== "mkdir") return "already exists";
      return itself ? "is a file, not a directory" : "a parent of it is a file";
    case "ENOENT":
      // A mkdir whose parent exists fails so on a file system that takes no new directory (/proc).
      if (syscall === "mkdir")
        return `the file system refuses to create ${errorPath ?? "its directory"}`;
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "no space left on the device";
    case "ELOOP":
      return "too many symbolic links";
    case "ENAMETOOLONG":
      return "the name is too long";
    case "EMFILE":
    case "ENFILE":
      return "too many open files";
    default:
      return code ?? message ?? String(error);
  }
}

/** Whether `error` came from the file system (it carries an errno code), not from a bug. */
export function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}

/**
 * The one-line exit-2 error for a file hooks could not use:
 * `cannot read the store /tmp: is a directory; pass --store <file>`.
 */
export function fileError(action: string, path: string, error: unknown, fix: string): UsageError {
  return new UsageError(`cannot ${action} ${path}: ${describeFileError(error, path)}; ${fix}`);
}
