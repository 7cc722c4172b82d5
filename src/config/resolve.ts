import { UsageError } from "../errors.js";
import { DEFAULT_PROFILE, readConfigFile, type Profile } from "../store/profiles.js";
import {
  CONFIG_KEYS,
  KEY_SPECS,
  parsePort,
  parseProviderId,
  parseSecret,
  parseTunnel,
  parseTunnelToken,
  type ConfigKey,
  type TunnelKind,
} from "./keys.js";
import { parseUserUrl } from "../util/url.js";
import { readSecretFile } from "./secret-file.js";

// This module is on `hooks verify`'s start-up path (bundled into dist/cli.js): it reads the
// config file with node:fs and JSON.parse, never through conf, and checks provider ids against
// the lazy loaders' id list, never the provider registry.

export const DEFAULT_PORT = 4665;
export const DEFAULT_TUNNEL: TunnelKind = "cloudflared";

/** Flags as commander hands them over; leave out (or undefined) what was not given. */
export interface SettingFlags {
  /** The global `--profile`. */
  profile?: string | undefined;
  provider?: string | undefined;
  /** Repeated `--secret` (key rotation) or a single one. */
  secret?: string | readonly string[] | undefined;
  /** `--secret-file <path>`, or `-` for stdin: the flag layer too, one secret a line. */
  secretFile?: string | undefined;
  /** The flag that reads stdin already (`--payload -`), so that `--secret-file -` cannot. */
  stdinTakenBy?: string | undefined;
  url?: string | undefined;
  port?: string | number | undefined;
  forwardTo?: string | undefined;
  tunnel?: string | undefined;
  publicUrl?: string | undefined;
  tunnelToken?: string | undefined;
}

/** The flags of a command that signs or checks a payload: sign, verify, send. */
export type SigningFlags = Pick<SettingFlags, "profile" | "provider" | "secret" | "secretFile"> & {
  payload?: string | undefined;
};

export type SettingSource = "flag" | "env" | "profile" | "default";

/** Where the profile's name came from. */
export type ProfileSource = "--profile" | "HOOKS_PROFILE" | "default";

export interface Settings {
  /** The active profile's name, where that name came from, and whether it is saved. */
  profile: string;
  profileSource: ProfileSource;
  profileFound: boolean;
  provider: string | undefined;
  /** Every secret that may match (key rotation); empty when none is known. */
  secrets: string[];
  url: string | undefined;
  port: number;
  forwardTo: string | undefined;
  tunnel: TunnelKind;
  publicUrl: string | undefined;
  /** A cloudflared named tunnel's token (--tunnel-token, CLOUDFLARED_TOKEN, the profile). */
  tunnelToken: string | undefined;
  /** Where each value came from; absent for keys that have no value. */
  sources: Partial<Record<ConfigKey, SettingSource>>;
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** The saved profiles; defaults to the config file (HOOKS_CONFIG_DIR or ~/.config/hooks). */
  loadProfiles?: () => Record<string, Profile>;
}

/**
 * Resolves every setting of every command the one way: flag, then environment (HOOKS_PROVIDER,
 * HOOKS_SECRET, HOOKS_URL, HOOKS_PORT, HOOKS_FORWARD_TO, HOOKS_TUNNEL, HOOKS_PUBLIC_URL), then the
 * active profile (--profile, else HOOKS_PROFILE, else `default`), then the built-in default (port
 * 4665, tunnel cloudflared). Every value is validated; a bad one is exit 2 naming where it came
 * from (`--port`, `HOOKS_PORT`, `profile "x" port`). A profile named explicitly that is not saved
 * is exit 2 as well, listing the saved ones: a typo must not read as "missing secret".
 */
export async function resolveSettings(
  flags: SettingFlags = {},
  options: ResolveOptions = {},
): Promise<Settings> {
  const env = options.env ?? process.env;
  const { name, source: profileSource } = chooseProfile(flags.profile, env);
  const profile = savedProfile(name, profileSource, (options.loadProfiles ?? savedProfiles)());
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
    profileSource,
    profileFound: profile !== undefined,
    provider: pick("provider", parseProviderId),
    secrets: await pickSecrets(flags, env, profile, sources),
    url: pick("url", parseUserUrl),
    port: pick("port", parsePort) ?? DEFAULT_PORT,
    forwardTo: pick("forwardTo", parseUserUrl),
    tunnel: pick("tunnel", parseTunnel) ?? DEFAULT_TUNNEL,
    publicUrl: pick("publicUrl", parseUserUrl),
    tunnelToken: pick("tunnelToken", parseTunnelToken),
    sources,
  };
  sources.port ??= "default";
  sources.tunnel ??= "default";
  return settings;
}

/** resolveSettings for sign, verify and send, whose `--payload -` takes stdin from `--secret-file -`. */
export function resolveSigningSettings(flags: SigningFlags): Promise<Settings> {
  const { profile, provider, secret, secretFile, payload } = flags;
  const stdinTakenBy = payload === "-" ? "--payload -" : undefined;
  return resolveSettings({ profile, provider, secret, secretFile, stdinTakenBy });
}

/** The active profile's name: `--profile`, else HOOKS_PROFILE, else `default`, and which. */
export function chooseProfile(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { name: string; source: ProfileSource } {
  if (flag) return { name: flag, source: "--profile" };
  if (env.HOOKS_PROFILE) return { name: env.HOOKS_PROFILE, source: "HOOKS_PROFILE" };
  return { name: DEFAULT_PROFILE, source: "default" };
}

/**
 * The active profile for a command that reads it (`config get/list/unset`, and every setting):
 * a name given by --profile or HOOKS_PROFILE that is not saved is exit 2, listing the saved ones.
 * Commands that create a profile (`config set`, `init`) take chooseProfile's name as it is.
 */
export function activeProfile(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { name: string; source: ProfileSource; profile: Profile | undefined } {
  const { name, source } = chooseProfile(flag, env);
  return { name, source, profile: savedProfile(name, source, savedProfiles()) };
}

function savedProfile(
  name: string,
  source: ProfileSource,
  profiles: Record<string, Profile>,
): Profile | undefined {
  const profile = Object.hasOwn(profiles, name) ? profiles[name] : undefined;
  if (!profile && source !== "default") throw unknownProfile(name, source, profiles);
  return profile;
}

function unknownProfile(
  name: string,
  via: ProfileSource,
  profiles: Record<string, Profile>,
): UsageError {
  const saved = Object.keys(profiles);
  const listed =
    saved.length > 0 ? `saved profiles: ${saved.join(", ")}` : "no profile is saved yet";
  return new UsageError(
    `no saved profile "${name}" (${via}); ${listed}; create it with \`hooks init --profile ${name}\``,
  );
}

/** `--secret` or `--secret-file` (the flag layer), then HOOKS_SECRET, then the profile's. */
async function pickSecrets(
  flags: Pick<SettingFlags, "secret" | "secretFile" | "stdinTakenBy">,
  env: NodeJS.ProcessEnv,
  profile: Profile | undefined,
  sources: Partial<Record<ConfigKey, SettingSource>>,
): Promise<string[]> {
  const given = typeof flags.secret === "string" ? [flags.secret] : [...(flags.secret ?? [])];
  if (flags.secretFile !== undefined) {
    if (given.length > 0) {
      throw new UsageError(
        "--secret and --secret-file cannot be combined; put every secret in the file, one a line",
      );
    }
    sources.secret = "flag";
    return readSecretFile(flags.secretFile, { stdinTakenBy: flags.stdinTakenBy });
  }
  if (given.length > 0) {
    sources.secret = "flag";
    return given.map((secret) => parseSecret(secret, "--secret"));
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

function savedProfiles(): Record<string, Profile> {
  return readConfigFile()?.profiles ?? {};
}

/**
 * Where a resolved value came from, for people: `--provider`, `HOOKS_PROVIDER`,
 * `profile "default"`, or undefined for a built-in default or no value at all.
 */
export function describeSource(
  settings: Pick<Settings, "sources" | "profile">,
  key: ConfigKey,
): string | undefined {
  switch (settings.sources[key]) {
    case "flag":
      return KEY_SPECS[key].flag;
    case "env":
      return KEY_SPECS[key].env;
    case "profile":
      return `profile "${settings.profile}"`;
    default:
      return undefined;
  }
}

/** The resolved secrets, or exit 2 saying where to put one (naming the profile when not default). */
export function requireSecrets(
  settings: Pick<Settings, "secrets" | "profile" | "profileSource">,
  providerId: string,
): string[] {
  if (settings.secrets.length > 0) return settings.secrets;
  const profile = settings.profileSource === "default" ? "" : ` --profile ${settings.profile}`;
  throw new UsageError(
    `missing secret for ${providerId}: pass --secret <s> or --secret-file <path>, set HOOKS_SECRET, or save one with \`hooks config set secret <s>${profile}\``,
  );
}

/** Environment variables that override profile keys and are set right now (for `config list`). */
export function envOverrides(
  env: NodeJS.ProcessEnv = process.env,
): Partial<Record<ConfigKey, string>> {
  const out: Partial<Record<ConfigKey, string>> = {};
  for (const key of CONFIG_KEYS) if (env[KEY_SPECS[key].env]) out[key] = KEY_SPECS[key].env;
  return out;
}
