import { execFile } from "node:child_process";
import { promisify } from "node:util";

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

/** `cloudflared --version`, e.g. "2024.8.2", or null when the binary does not say. */
export async function cloudflaredVersion(path: string): Promise<string | null> {
  try {
    const { stdout } = await promisify(execFile)(path, ["--version"], { timeout: 10_000 });
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
