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

export type WebhookTargets = NonNullable<Profile["webhooks"]>;

/** One shown value; the webhook targets (`webhooks`) are a map of target to value. */
export type ShownValue = string | number | boolean | string[] | WebhookTargets;

/** A profile as it may be shown: user-facing key names, secrets masked, the webhook targets. */
export type ShownProfile = Partial<Record<ConfigKey, string | number | boolean | string[]>> & {
  webhooks?: WebhookTargets;
};

/** What `config get` and `config unset` take beyond the keys: `webhooks`, `webhooks.repo`, … */
export type ShownKey = ConfigKey | "webhooks" | `webhooks.${WebhookTarget}`;

const WEBHOOK_TARGETS = ["repo", "org", "shop", "business", "environment"] as const;
type WebhookTarget = (typeof WEBHOOK_TARGETS)[number];

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
  key: ShownKey;
  /** Masked for `secret`; null when the key is not set. */
  value: ShownValue | null;
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
  if (profile.webhooks && Object.keys(profile.webhooks).length > 0) {
    shown.webhooks = { ...profile.webhooks };
  }
  return shown;
}

/**
 * `webhooks` (every saved target) and `webhooks.<target>` for get and unset; `hooks init
 * --register` saves them, and `hooks webhooks`/`listen --register` read them.
 */
function parseShownKey(name: string): { key: ShownKey; target?: WebhookTarget | undefined } {
  const match = /^webhooks(?:\.(.*))?$/i.exec(name.trim());
  if (!match) return { key: parseKey(name) };
  const target = match[1]?.toLowerCase();
  if (target === undefined) return { key: "webhooks" };
  const known = WEBHOOK_TARGETS.find((candidate) => candidate === target);
  if (!known) {
    throw new UsageError(
      `unknown webhook target "${match[1]}"; allowed: ${WEBHOOK_TARGETS.map((t) => `webhooks.${t}`).join(", ")}`,
    );
  }
  return { key: `webhooks.${known}`, target: known };
}

function shownTarget(
  profile: Profile | undefined,
  target: WebhookTarget | undefined,
): ShownValue | null {
  const saved = profile?.webhooks ?? {};
  if (target !== undefined) return saved[target] ?? null;
  return Object.keys(saved).length > 0 ? { ...saved } : null;
}

function shownValue(
  profile: Profile | undefined,
  key: ConfigKey,
): string | number | boolean | string[] | null {
  if (key === "secret") {
    const secrets = profile?.secrets ?? [];
    return secrets.length > 0 ? secrets.map(maskSecret) : null;
  }
  if (key === "tunnelToken") return profile?.tunnelToken ? maskSecret(profile.tunnelToken) : null;
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
  const { key, target } = parseShownKey(keyName);
  const { name: profile, profile: saved } = activeProfile(profileFlag);
  const value = key.startsWith("webhooks")
    ? shownTarget(saved, target)
    : shownValue(saved, key as ConfigKey);
  return { profile, key, value };
}

export interface SetOptions {
  /** Append a secret instead of replacing them (key rotation). */
  add?: boolean;
  /** Where `-` reads from; standard input by default. */
  readStdin?: () => Promise<string>;
}

/** Validates and saves one key; `secret -` (and `tunnelToken -`) reads standard input. */
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
  // `-` reads stdin, so that neither lands in the shell's history.
  if ((key === "secret" || key === "tunnelToken") && rawValue === "-") {
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
  const { key, target } = parseShownKey(keyName);
  const { name: profile, profile: saved } = activeProfile(profileFlag);
  const path = configPath();
  const targets = key.startsWith("webhooks");
  const field = targets ? "webhooks" : fieldOf(key as ConfigKey);
  const present = targets ? shownTarget(saved, target) !== null : saved?.[field] !== undefined;
  if (!present) return { profile, key, value: null, path, action: "unset", changed: false };
  await updateProfiles((profiles) => {
    const current: Profile = { ...profiles[profile] };
    if (target !== undefined) {
      const rest = { ...current.webhooks };
      delete rest[target];
      current.webhooks = rest;
    }
    if (target === undefined || Object.keys(current.webhooks ?? {}).length === 0)
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
