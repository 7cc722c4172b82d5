import { UsageError } from "../errors.js";
import { configPath, readConfigFile, type Profile } from "../store/profiles.js";
import {
  CONFIG_KEYS,
  KEY_SPECS,
  parsePort,
  parseProviderId,
  parseSecret,
  parseTunnel,
  type ConfigKey,
  type TunnelKind,
} from "./keys.js";
import { parseUserUrl } from "../util/url.js";

export const DEFAULT_PORT = 4665;
export const DEFAULT_TUNNEL: TunnelKind = "cloudflared";

/** Flags as commander hands them over; leave out (or undefined) what was not given. */
export interface SettingFlags {
  /** The global `--profile`. */
  profile?: string | undefined;
  provider?: string | undefined;
  /** Repeated `--secret` (key rotation) or a single one. */
  secret?: string | readonly string[] | undefined;
  url?: string | undefined;
  port?: string | number | undefined;
  forwardTo?: string | undefined;
  tunnel?: string | undefined;
  publicUrl?: string | undefined;
}

export type SettingSource = "flag" | "env" | "profile" | "default";

export interface Settings {
  /** The active profile's name, and whether it is saved. */
  profile: string;
  profileFound: boolean;
  provider: string | undefined;
  /** Every secret that may match (key rotation); empty when none is known. */
  secrets: string[];
  url: string | undefined;
  port: number;
  forwardTo: string | undefined;
  tunnel: TunnelKind;
  publicUrl: string | undefined;
  /** Where each value came from; absent for keys that have no value. */
  sources: Partial<Record<ConfigKey, SettingSource>>;
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** Read the saved profile; defaults to the config file (HOOKS_CONFIG_DIR or ~/.config/hooks). */
  loadProfile?: (name: string) => Profile | undefined;
}

/**
 * Resolves every setting the one way: flag, then environment (HOOKS_PROVIDER, HOOKS_SECRET,
 * HOOKS_URL, HOOKS_PORT, HOOKS_FORWARD_TO, HOOKS_TUNNEL, HOOKS_PUBLIC_URL), then the active
 * profile, then the built-in default (port 4665, tunnel cloudflared). Every value is validated;
 * a bad one is exit 2 naming where it came from (`--port`, `HOOKS_PORT`, `profile "x" port`).
 * A profile named explicitly (--profile, HOOKS_PROFILE) that is not saved is exit 2 as well.
 */
export async function resolveSettings(
  flags: SettingFlags = {},
  options: ResolveOptions = {},
): Promise<Settings> {
  const env = options.env ?? process.env;
  const name = flags.profile || env.HOOKS_PROFILE || "default";
  const profile = (options.loadProfile ?? savedProfile)(name);
  if (!profile && name !== "default") {
    const via = flags.profile ? "--profile" : "HOOKS_PROFILE";
    throw new UsageError(
      `no saved profile "${name}" (${via}); create it with \`hooks init --profile ${name}\` or \`hooks config set <key> <value> --profile ${name}\``,
    );
  }
  const sources: Partial<Record<ConfigKey, SettingSource>> = {};

  /** The first layer that has a value, parsed with the key's own rules. */
  function pick<T>(key: ConfigKey, parse: (value: string, origin: string) => T): T | undefined {
    const spec = KEY_SPECS[key];
    const flag = flags[key as keyof SettingFlags];
    if (typeof flag === "string" || typeof flag === "number") {
      sources[key] = "flag";
      return parse(String(flag), spec.flag);
    }
    const fromEnv = env[spec.env];
    if (fromEnv) {
      sources[key] = "env";
      return parse(fromEnv, spec.env);
    }
    const saved = profile?.[key as Exclude<ConfigKey, "secret">];
    if (saved !== undefined) {
      sources[key] = "profile";
      return parse(String(saved), `profile "${name}" ${key}`);
    }
    return undefined;
  }

  const settings: Settings = {
    profile: name,
    profileFound: profile !== undefined,
    provider: pick("provider", parseProviderId),
    secrets: pickSecrets(flags.secret, env, profile, sources),
    url: pick("url", parseUserUrl),
    port: pick("port", parsePort) ?? DEFAULT_PORT,
    forwardTo: pick("forwardTo", parseUserUrl),
    tunnel: pick("tunnel", parseTunnel) ?? DEFAULT_TUNNEL,
    publicUrl: pick("publicUrl", parseUserUrl),
    sources,
  };
  sources.port ??= "default";
  sources.tunnel ??= "default";
  return settings;
}

function pickSecrets(
  flag: SettingFlags["secret"],
  env: NodeJS.ProcessEnv,
  profile: Profile | undefined,
  sources: Partial<Record<ConfigKey, SettingSource>>,
): string[] {
  const flags = typeof flag === "string" ? [flag] : [...(flag ?? [])];
  if (flags.length > 0) {
    sources.secret = "flag";
    return flags.map((secret) => parseSecret(secret, "--secret"));
  }
  if (env.HOOKS_SECRET) {
    sources.secret = "env";
    return [parseSecret(env.HOOKS_SECRET, "HOOKS_SECRET")];
  }
  if (profile?.secrets && profile.secrets.length > 0) {
    sources.secret = "profile";
    return [...profile.secrets];
  }
  return [];
}

function savedProfile(name: string): Profile | undefined {
  return readConfigFile(configPath())?.profiles[name];
}

/** Environment variables that override profile keys and are set right now (for `config list`). */
export function envOverrides(
  env: NodeJS.ProcessEnv = process.env,
): Partial<Record<ConfigKey, string>> {
  const out: Partial<Record<ConfigKey, string>> = {};
  for (const key of CONFIG_KEYS) if (env[KEY_SPECS[key].env]) out[key] = KEY_SPECS[key].env;
  return out;
}
