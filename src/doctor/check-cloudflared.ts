import { findCloudflared, NPM_SKIPPED } from "../tunnel/find-cloudflared.js";
import { cloudflaredVersion, defaultCloudflaredPath } from "../tunnel/install-cloudflared.js";
import { maskSecret } from "../util/secrets.js";
import type { Check } from "./types.js";

export interface CloudflaredDeps {
  env?: NodeJS.ProcessEnv;
  /** The cloudflared package's DEFAULT_CLOUDFLARED_BIN (where `hooks tunnel install` puts it). */
  packageDefault?: string;
  version?: (path: string) => Promise<string | null>;
  /** The effective tunnel setting: without a tunnel a missing binary is only worth a warning. */
  tunnel?: "cloudflared" | "none";
  /** A named tunnel's token and where it came from (`CLOUDFLARED_TOKEN`, `profile "x"`, …). */
  tunnelToken?: { token: string; from: string; publicUrl: string | undefined } | undefined;
}

/** What the token check adds to the message and the details: only ever the masked token. */
function describeToken(deps: CloudflaredDeps): {
  text: string;
  warning?: string;
  details: Record<string, string | null>;
} {
  const named = deps.tunnelToken;
  // Quick tunnels need no token: nothing to add to the message.
  if (!named) return { text: "", details: { tunnelToken: null } };
  const masked = maskSecret(named.token);
  const details = {
    tunnelToken: masked,
    tunnelTokenFrom: named.from,
    publicUrl: named.publicUrl ?? null,
  };
  const text = `named tunnel token ${masked} (from ${named.from})`;
  if (named.publicUrl) return { text: `${text} for ${named.publicUrl}`, details };
  return {
    text,
    warning:
      "a tunnel token without publicUrl: hooks listen exits 2 until you give the tunnel's hostname",
    details,
  };
}

/** Finds the binary the way `hooks listen` does (src/tunnel/find-cloudflared.ts) and asks its version. */
export async function checkCloudflared(deps: CloudflaredDeps = {}): Promise<Check> {
  const env = deps.env ?? process.env;
  const packageDefault = deps.packageDefault ?? (await defaultCloudflaredPath());
  const lookup = findCloudflared(packageDefault, env);
  const needed = (deps.tunnel ?? "cloudflared") === "cloudflared";
  if (!lookup.found) {
    const bad = env.CLOUDFLARED_BIN;
    const message = bad
      ? `CLOUDFLARED_BIN=${bad} is not an executable file`
      : `not found in CLOUDFLARED_BIN, ${packageDefault} or PATH (${NPM_SKIPPED})`;
    return {
      name: "cloudflared",
      status: needed ? "fail" : "warn",
      message: needed ? message : `${message} (not needed while tunnel is none)`,
      fix: `${bad ? "fix or unset CLOUDFLARED_BIN, or run " : ""}hooks tunnel install (or put cloudflared on PATH); hooks listen --tunnel none works without it`,
      details: { path: null, CLOUDFLARED_BIN: bad ?? null, packageDefault },
    };
  }
  const source = env.CLOUDFLARED_BIN
    ? "CLOUDFLARED_BIN"
    : lookup.path === packageDefault
      ? "hooks tunnel install"
      : "PATH";
  const version = await (deps.version ?? cloudflaredVersion)(lookup.path);
  if (!version) {
    return {
      name: "cloudflared",
      status: needed ? "fail" : "warn",
      message: `${lookup.path} (from ${source}) did not answer \`--version\`: broken or not cloudflared`,
      fix: "reinstall it: hooks tunnel install (or fix CLOUDFLARED_BIN)",
      details: { path: lookup.path, source, version: null },
    };
  }
  const token = describeToken(deps);
  const found = `cloudflared ${version} at ${lookup.path} (from ${source})${token.text && `; ${token.text}`}`;
  const details = { path: lookup.path, source, version, ...token.details };
  if (token.warning) {
    return {
      name: "cloudflared",
      status: "warn",
      message: `${found}: ${token.warning}`,
      fix: "hooks config set publicUrl https://<the tunnel's public hostname>, or pass --public-url",
      details,
    };
  }
  return { name: "cloudflared", status: "ok", message: found, details };
}
