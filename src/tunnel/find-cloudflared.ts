import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export type CloudflaredLookup = { found: true; path: string } | { found: false; message: string };

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
    return isExecutable(fromEnv)
      ? { found: true, path: fromEnv }
      : {
          found: false,
          message: `CLOUDFLARED_BIN is ${fromEnv}, which is not an executable file; fix or unset it, run \`hooks tunnel install\`, or pass --tunnel none`,
        };
  }
  if (isExecutable(packageDefault)) return { found: true, path: packageDefault };
  const name = platform === "win32" ? "cloudflared.exe" : "cloudflared";
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return { found: true, path: join(dir, name) };
  }
  return {
    found: false,
    message: `cloudflared binary not found (not in CLOUDFLARED_BIN, ${packageDefault} or PATH): run \`hooks tunnel install\`, or pass --tunnel none to listen locally only`,
  };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
