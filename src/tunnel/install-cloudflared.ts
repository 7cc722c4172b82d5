import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cloudflaredEnv } from "./cloudflared-env.js";
import { downloadCloudflared, type OnProgress } from "./download-cloudflared.js";

export interface InstallResult {
  path: string;
  version: string | null;
}

export interface InstallOptions {
  /** Somewhere else than where `hooks listen` looks (`hooks tunnel install --to`). */
  to?: string | undefined;
  onProgress?: OnProgress;
  env?: NodeJS.ProcessEnv;
}

/**
 * Downloads cloudflared from its GitHub releases to where `hooks listen` looks first: CLOUDFLARED_BIN
 * when set, else the cloudflared package's default path. npm 11 no longer runs that package's own
 * download (its postinstall) unless the user allows it, so this is how a fresh install gets one.
 */
export async function installCloudflared(options: InstallOptions = {}): Promise<InstallResult> {
  const env = options.env ?? process.env;
  const to = options.to ?? (await cloudflaredInstallPath(env));
  const path = await downloadCloudflared(to, {
    env,
    ...(options.onProgress && { onProgress: options.onProgress }),
  });
  return { path, version: await cloudflaredVersion(path) };
}

/** Where `hooks tunnel install` puts cloudflared by default: where `hooks listen` looks first. */
export async function cloudflaredInstallPath(
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return env.CLOUDFLARED_BIN || (await defaultCloudflaredPath());
}

/** Why a download failed, and what to do instead: the message `hooks tunnel install` exits 1 with. */
export function describeInstallFailure(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const instead =
    code === "EACCES" || code === "EPERM"
      ? "install it somewhere you may write (hooks tunnel install --to ~/.local/bin/cloudflared) and set CLOUDFLARED_BIN to it"
      : "check the network, or install it yourself (https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/) and set CLOUDFLARED_BIN";
  return `could not download cloudflared: ${message}; ${instead}`;
}

/** `cloudflared --version`, e.g. "2024.8.2", or null when the binary does not say. */
export async function cloudflaredVersion(path: string): Promise<string | null> {
  try {
    const { stdout } = await promisify(execFile)(path, ["--version"], {
      timeout: 10_000,
      env: cloudflaredEnv(),
    });
    return /version\s+(\S+)/.exec(stdout)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** The package's default binary path, without installing anything. */
export async function defaultCloudflaredPath(): Promise<string> {
  const { DEFAULT_CLOUDFLARED_BIN } = await import("cloudflared");
  return DEFAULT_CLOUDFLARED_BIN;
}
