import { statSync } from "node:fs";
import { chooseProfile, resolveSettings, type Settings } from "../config/resolve.js";
import { configPath, readConfigFile } from "../store/profiles.js";
import { maskSecret } from "../util/secrets.js";
import { ownerOnly } from "./owner-only.js";
import type { Check } from "./types.js";

/** The config file: there, owner-only, readable. */
export function checkConfigFile(path: string = configPath()): Check {
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    return {
      name: "config",
      status: "warn",
      message: `no config file yet (${path})`,
      fix: "hooks init",
      details: { path, exists: false },
    };
  }
  try {
    readConfigFile(path);
  } catch (error) {
    return {
      name: "config",
      status: "fail",
      message: (error as Error).message,
      fix: `fix ${path} by hand, or delete it and run hooks init`,
      details: { path, exists: true },
    };
  }
  return ownerOnly("config", path, mode, { holds: "secrets", fix: `chmod 600 ${path}` });
}

/** The active profile and every effective setting (flag > env > profile > default), validated. */
export async function checkProfile(
  profileFlag: string | undefined,
): Promise<{ check: Check; settings?: Settings }> {
  let settings: Settings;
  try {
    settings = await resolveSettings(profileFlag ? { profile: profileFlag } : {});
  } catch (error) {
    const { name, source: via } = chooseProfile(profileFlag);
    return {
      check: {
        name: "profile",
        status: "fail",
        message: (error as Error).message,
        fix: (error as Error).message.startsWith("no saved profile")
          ? `hooks init --profile ${name}, or pick a saved one (hooks config list --all)`
          : `hooks config list --profile ${name}, then hooks config set/unset the key named above (or fix the environment variable)`,
        details: { profile: name, via },
      },
    };
  }
  const { profile: name, profileSource: via } = settings;
  const chosen = via === "default" ? "" : ` (from ${via})`;
  if (!settings.profileFound) {
    return {
      settings,
      check: {
        name: "profile",
        status: "warn",
        message: `no saved profile "${name}"${chosen}; defaults and environment only`,
        fix: "hooks init",
        details: { profile: name, via, found: false },
      },
    };
  }
  const parts = [
    `provider ${settings.provider ?? "not set (detected from headers)"}`,
    settings.secrets.length > 0
      ? `${settings.secrets.length} secret${settings.secrets.length > 1 ? "s" : ""} (${settings.secrets.map(maskSecret).join(", ")}${settings.sources.secret === "env" ? ", from HOOKS_SECRET" : ""})`
      : "no secret",
    ...(settings.url ? [`url ${settings.url}`] : []),
  ];
  return {
    settings,
    check: {
      name: "profile",
      status: "ok",
      message: `${name}${chosen}: ${parts.join(", ")}`,
      details: {
        profile: name,
        via,
        found: true,
        provider: settings.provider ?? null,
        secrets: settings.secrets.length,
        url: settings.url ?? null,
        port: settings.port,
        tunnel: settings.tunnel,
      },
    },
  };
}
