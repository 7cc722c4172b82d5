import { parsePort } from "../config/keys.js";
import { DEFAULT_PORT, describeSource } from "../config/resolve.js";
import { checkCloudflared, type CloudflaredDeps } from "./check-cloudflared.js";
import { checkConfigFile, checkProfile } from "./check-config.js";
import { checkNode } from "./check-node.js";
import { checkPort } from "./check-port.js";
import { checkProxy } from "./check-proxy.js";
import { checkStore } from "./check-store.js";
import type { DoctorReport } from "./types.js";

export interface DoctorOptions {
  profile?: string | undefined;
  /** `--port`: check this port instead of the effective one. */
  port?: string | undefined;
  host?: string;
  cloudflared?: Omit<CloudflaredDeps, "tunnel">;
}

/** Every check, in the order a new user meets the problems. */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const node = checkNode();
  const config = checkConfigFile();
  const { check: profile, settings } = await checkProfile(options.profile);
  const cloudflared = await checkCloudflared({
    ...options.cloudflared,
    tunnel: settings?.tunnel ?? "cloudflared",
    tunnelToken: settings?.tunnelToken
      ? {
          token: settings.tunnelToken,
          from: describeSource(settings, "tunnelToken") ?? "tunnelToken",
          publicUrl: settings.publicUrl,
        }
      : undefined,
  });
  const [port, origin] = options.port
    ? [parsePort(options.port, "--port"), "--port"]
    : [settings?.port ?? DEFAULT_PORT, settings?.sources.port ?? "default"];
  const portCheck = await checkPort(port, options.host, origin === "env" ? "HOOKS_PORT" : origin);
  const checks = [node, cloudflared, config, checkStore(), profile, portCheck, checkProxy()];
  return { ok: checks.every((check) => check.status !== "fail"), checks };
}
