import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";

const VARS = [
  "HOOKS_CONFIG_DIR",
  "HOOKS_PROFILE",
  "HOOKS_PROVIDER",
  "HOOKS_SECRET",
  "HOOKS_URL",
  "HOOKS_PORT",
  "HOOKS_FORWARD_TO",
  "HOOKS_TUNNEL",
  "HOOKS_PUBLIC_URL",
  "HOOKS_REGISTER",
];

/** Points the config at a fresh temporary directory for each test and restores the environment. */
export function useTempConfigDir(): { dir: () => string } {
  let dir = "";
  let saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    saved = Object.fromEntries(VARS.map((name) => [name, process.env[name]]));
    for (const name of VARS) delete process.env[name];
    dir = mkdtempSync(join(tmpdir(), "hooks-config-"));
    process.env.HOOKS_CONFIG_DIR = join(dir, "cfg");
  });
  afterEach(() => {
    for (const name of VARS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir: () => dir };
}
