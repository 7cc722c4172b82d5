import { parsePort } from "../config/keys.js";
import { DEFAULT_PORT, describeSource } from "../config/resolve.js";
import { checkCloudflared, type CloudflaredDeps } from "./check-cloudflared.js";
import { checkConfigFile, checkProfile } from "./check-config.js";
import { checkForward, type ForwardCheckDeps } from "./check-forward.js";
import { checkNode } from "./check-node.js";
import { checkPort } from "./check-port.js";
import { checkProxy } from "./check-proxy.js";
import { checkStore } from "./check-store.js";
import type { DoctorReport } from "./types.js";
import { parseUserUrl } from "../util/url.js";

export interface DoctorOptions {
  profile?: string | undefined;
  /** `--port`: check this port instead of the effective one. */
  port?: string | undefined;
  host?: string;
  cloudflared?: Omit<CloudflaredDeps, "tunnel">;
  /** `--forward-to`: check that the app answers there (src/doctor/check-forward.ts). */
  forwardTo?: string | undefined;
  forward?: ForwardCheckDeps;
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
  if (options.forwardTo !== undefined) {
    const url = parseUserUrl(options.forwardTo, "--forward-to");
    checks.push(await checkForward(url, options.forward));
  }
  return { ok: checks.every((check) => check.status !== "fail"), checks };
}
