import { accessSync, constants, existsSync, realpathSync } from "node:fs";
import { delimiter, join } from "node:path";

export type CloudflaredLookup =
  | { found: true; path: string }
  | {
      found: false;
      message: string;
      /** Where `hooks tunnel install` would put it, when nothing is there yet to fix by hand. */
      installTo?: string;
    };

/**
 * Why a fresh install has no binary: npm 11 runs no dependency's install script unless allowed,
 * and the cloudflared package downloads its binary in one.
 */
export const NPM_SKIPPED = "npm skips the cloudflared package's own download";

/**
 * Where the cloudflared binary is: CLOUDFLARED_BIN, else the cloudflared package's own path
 * (where `hooks tunnel install` puts it), else the first `cloudflared` on PATH.
 */
export function findCloudflared(
  packageDefault: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): CloudflaredLookup {
  const fromEnv = env.CLOUDFLARED_BIN;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return { found: true, path: fromEnv };
    return {
      found: false,
      message: `CLOUDFLARED_BIN is ${fromEnv}, which is not an executable file; fix or unset it, run \`hooks tunnel install\`, or pass --tunnel none`,
      ...(!existsSync(fromEnv) && { installTo: fromEnv }),
    };
  }
  if (isExecutable(packageDefault)) return { found: true, path: packageDefault };
  const name = platform === "win32" ? "cloudflared.exe" : "cloudflared";
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && isExecutable(candidate) && !isPackageScript(candidate)) {
      return { found: true, path: candidate };
    }
  }
  return {
    found: false,
    message: `cloudflared binary not found (not in CLOUDFLARED_BIN, ${packageDefault} or PATH; ${NPM_SKIPPED}): run \`hooks tunnel install\`, or pass --tunnel none to listen locally only`,
    installTo: packageDefault,
  };
}

/**
 * `npx hooks listen` puts node_modules/.bin on PATH, where `cloudflared` is the npm package's own
 * JavaScript CLI (lib/cloudflared.js), not the binary: running it starts no tunnel.
 */
function isPackageScript(path: string): boolean {
  try {
    return /\.[cm]?js$/.test(realpathSync(path));
  } catch {
    return false;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
