import { statSync } from "node:fs";
import { defaultStorePath } from "../store/event-store-path.js";
import { ownerOnly } from "./owner-only.js";
import type { Check } from "./types.js";

/**
 * The capture store: owner-only, like the config file, since it holds every request's raw
 * headers (Clover's auth code) and bodies. `hooks listen` makes it so when it opens it.
 */
export function checkStore(path: string = defaultStorePath()): Check {
  let mode: number;
  let isFile: boolean;
  try {
    const found = statSync(path);
    mode = found.mode & 0o777;
    isFile = found.isFile();
  } catch {
    return {
      name: "store",
      status: "ok",
      message: `no store yet (${path}); hooks listen creates it owner-only`,
      details: { path, exists: false },
    };
  }
  if (!isFile) {
    return {
      name: "store",
      status: "fail",
      message: `${path} is not a file`,
      fix: `remove it, or pass --store <file> to hooks listen`,
      details: { path, exists: true },
    };
  }
  return ownerOnly("store", path, mode, {
    holds: "captured requests",
    fix: `chmod 600 ${path} (hooks listen also does on its next start)`,
  });
}
