import { UsageError } from "../errors.js";
import {
  checkProfileName,
  configPath,
  readConfigFile,
  updateProfiles,
  type Profile,
} from "../store/profiles.js";
import { readPayload } from "../util/input.js";
import { maskSecret } from "../util/secrets.js";
import { CONFIG_KEYS, fieldOf, parseKey, parseValue, type ConfigKey } from "./keys.js";
import { activeProfile, chooseProfile, envOverrides } from "./resolve.js";

/** A profile as it may be shown: user-facing key names, secrets masked. */
export type ShownProfile = Partial<Record<ConfigKey, string | number | string[]>>;

export interface ConfigListing {
  path: string;
  /** The active profile (--profile, HOOKS_PROFILE, default). */
  active: string;
  profiles: Record<string, ShownProfile>;
  /** Keys whose saved value an environment variable overrides right now. */
  overrides: Partial<Record<ConfigKey, string>>;
}

export interface ConfigValue {
  profile: string;
  key: ConfigKey;
  /** Masked for `secret`; null when the key is not set. */
  value: string | number | string[] | null;
}

export interface ConfigChange extends ConfigValue {
  path: string;
  action: "set" | "added" | "unset";
  /** For `unset`: whether there was a value to remove. */
  changed: boolean;
}

export function showProfile(profile: Profile): ShownProfile {
  const shown: ShownProfile = {};
  for (const key of CONFIG_KEYS) {
    const value = shownValue(profile, key);
    if (value !== null) shown[key] = value;
  }
  return shown;
}

function shownValue(
  profile: Profile | undefined,
  key: ConfigKey,
): string | number | string[] | null {
  if (key === "secret") {
    const secrets = profile?.secrets ?? [];
    return secrets.length > 0 ? secrets.map(maskSecret) : null;
  }
  return profile?.[key] ?? null;
}

/** The active profile, or every profile with `all`. Never loads conf (no side effects). */
export function listConfig(options: { profile?: string; all?: boolean }): ConfigListing {
  const path = configPath();
  // --all lists every profile, so a name that is not saved is no mistake there.
  const active = options.all
    ? chooseProfile(options.profile).name
    : activeProfile(options.profile).name;
  const saved = readConfigFile(path)?.profiles ?? {};
  const profiles: Record<string, ShownProfile> = {};
  for (const [name, profile] of Object.entries(saved)) {
    if (options.all || name === active) profiles[name] = showProfile(profile);
  }
  return { path, active, profiles, overrides: envOverrides() };
}

export function getConfig(profileFlag: string | undefined, keyName: string): ConfigValue {
  const key = parseKey(keyName);
  const { name: profile, profile: saved } = activeProfile(profileFlag);
  return { profile, key, value: shownValue(saved, key) };
}

export interface SetOptions {
  /** Append a secret instead of replacing them (key rotation). */
  add?: boolean;
  /** Where `-` reads from; standard input by default. */
  readStdin?: () => Promise<string>;
}

/** Validates and saves one key; `secret -` reads the secret from standard input. */
export async function setConfig(
  profileFlag: string | undefined,
  keyName: string,
  rawValue: string,
  options: SetOptions = {},
): Promise<ConfigChange> {
  const key = parseKey(keyName);
  const profile = checkProfileName(chooseProfile(profileFlag).name);
  if (options.add && key !== "secret") {
    throw new UsageError(`--add only applies to secret (several secrets for key rotation)`);
  }
  let input = rawValue;
  if (key === "secret" && rawValue === "-") {
    const read = options.readStdin ?? (async () => (await readPayload("-")).toString("utf8"));
    input = (await read()).replace(/\r?\n$/, "");
  }
  const value = parseValue(key, input, key);
  const path = await updateProfiles((profiles) => {
    const current: Profile = { ...profiles[profile] };
    if (key === "secret" && options.add) {
      const secrets = current.secrets ?? [];
      current.secrets = [...secrets, ...(value as string[]).filter((s) => !secrets.includes(s))];
    } else {
      Object.assign(current, { [fieldOf(key)]: value });
    }
    profiles[profile] = current;
  });
  const saved = readConfigFile(path)?.profiles[profile];
  return {
    profile,
    key,
    value: shownValue(saved, key),
    path,
    action: options.add ? "added" : "set",
    changed: true,
  };
}

/** Removes one key (all secrets for `secret`); a profile left empty is removed with it. */
export async function unsetConfig(
  profileFlag: string | undefined,
  keyName: string,
): Promise<ConfigChange> {
  const key = parseKey(keyName);
  const { name: profile, profile: saved } = activeProfile(profileFlag);
  const path = configPath();
  const field = fieldOf(key);
  if (saved?.[field] === undefined) {
    return { profile, key, value: null, path, action: "unset", changed: false };
  }
  await updateProfiles((profiles) => {
    const current: Profile = { ...profiles[profile] };
    delete current[field];
    if (Object.keys(current).length === 0) delete profiles[profile];
    else profiles[profile] = current;
  });
  return { profile, key, value: null, path, action: "unset", changed: true };
}

/** Saves several keys at once and drops `remove` (hooks init); returns the config file's path. */
export async function saveProfile(
  name: string,
  values: Profile,
  remove: readonly (keyof Profile)[] = [],
): Promise<string> {
  checkProfileName(name);
  return updateProfiles((profiles) => {
    const profile: Profile = { ...profiles[name], ...values };
    for (const field of remove) delete profile[field];
    profiles[name] = profile;
  });
}
