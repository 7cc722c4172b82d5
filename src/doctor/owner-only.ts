import type { Check } from "./types.js";

/**
 * The verdict on a file that must be owner-only (the config file holds secrets, the store every
 * request's raw headers): fail when others may read it, else ok with its mode.
 */
export function ownerOnly(
  name: Check["name"],
  path: string,
  mode: number,
  { holds, fix }: { holds: string; fix: string },
): Check {
  const octal = mode.toString(8);
  if (process.platform !== "win32" && (mode & 0o077) !== 0) {
    return {
      name,
      status: "fail",
      message: `${path} is readable by others (mode ${octal}) and holds ${holds}`,
      fix,
      details: { path, exists: true, mode: octal },
    };
  }
  return {
    name,
    status: "ok",
    message: path,
    details: { path, exists: true, ...(process.platform !== "win32" ? { mode: octal } : {}) },
  };
}
