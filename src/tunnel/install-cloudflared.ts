import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cloudflaredEnv } from "./cloudflared-env.js";

export interface InstallResult {
  path: string;
  version: string | null;
}

/**
 * Downloads cloudflared from its GitHub releases through the cloudflared package's install(),
 * to the package's default path (where `hooks listen` looks after CLOUDFLARED_BIN).
 */
export async function installCloudflared(to?: string): Promise<InstallResult> {
  const { install, DEFAULT_CLOUDFLARED_BIN } = await import("cloudflared");
  const path = await install(to ?? DEFAULT_CLOUDFLARED_BIN);
  return { path, version: await cloudflaredVersion(path) };
}

/** Why a download failed, and what to do instead: the message `hooks tunnel install` exits 1 with. */
export function describeInstallFailure(error: unknown): string {
  return `could not download cloudflared: ${(error as Error).message}; check the network, or install it yourself (https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/) and set CLOUDFLARED_BIN`;
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
