import { chmodSync, mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { fileError, isFileError } from "../util/file-error.js";

/**
 * Saved profiles: one JSON file written through conf (atomic writes, schema-checked, mode 0600).
 * Reading skips conf on purpose: conf loads ajv (~70 ms here), and every command, `hooks verify`
 * included, reads the profiles on every run (src/config/resolve.ts). The file is plain JSON.
 */
export interface Profile {
  provider?: string;
  secrets?: string[];
  url?: string;
  port?: number;
  forwardTo?: string;
  tunnel?: "cloudflared" | "none";
  publicUrl?: string;
  /** A cloudflared named tunnel's token (`hooks listen --tunnel-token`); shown masked. */
  tunnelToken?: string;
  /**
   * Management API credentials (`hooks webhooks`, `listen --register`), by the provider's own
   * variable name (`SQUARE_ACCESS_TOKEN`); the variable itself wins over the profile.
   */
  credentials?: Record<string, string>;
  /** `hooks listen` registers as with `--register` (`--no-register` turns it off for a run). */
  register?: boolean;
  /** Where `hooks webhooks` works: `--repo`, `--org`, `--shop`, `--business`, `--environment`. */
  webhooks?: {
    repo?: string;
    org?: string;
    shop?: string;
    business?: string;
    environment?: string;
  };
}

export interface ConfigFile {
  profiles: Record<string, Profile>;
}

export const DEFAULT_PROFILE = "default";
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const FILE_MODE = 0o600;

/**
 * Where the config lives: HOOKS_CONFIG_DIR (tests, several setups side by side), else the
 * platform's config directory as conf/env-paths would pick it for "hooks" (~/.config/hooks).
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOOKS_CONFIG_DIR) return env.HOOKS_CONFIG_DIR;
  const home = homedir();
  if (process.platform === "darwin") return join(home, "Library", "Preferences", "hooks");
  if (process.platform === "win32") {
    return join(env.APPDATA ?? join(home, "AppData", "Roaming"), "hooks", "Config");
  }
  return join(env.XDG_CONFIG_HOME || join(home, ".config"), "hooks");
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), "config.json");
}

export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) {
    throw new UsageError(
      `invalid profile name "${name}": use letters, digits, - and _ (at most 64, starting with a letter or digit)`,
    );
  }
  return name;
}

/** The config file's contents, or undefined when there is none yet; a broken file is exit 2. */
export function readConfigFile(path: string = configPath()): ConfigFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw fileError("read the config file", path, error, CONFIG_FIX);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw brokenFile(path, (error as Error).message);
  }
  const problem = checkConfigShape(data);
  if (problem) throw brokenFile(path, problem);
  return { profiles: {}, ...(data as Partial<ConfigFile>) };
}

function brokenFile(path: string, problem: string): UsageError {
  return new UsageError(
    `config file ${path} is invalid (${problem}); fix it by hand or delete it and run hooks init`,
  );
}

const URL_FIELDS = ["url", "forwardTo", "publicUrl"] as const;
/** What to do about a config file or directory hooks cannot use. */
const CONFIG_FIX = "point HOOKS_CONFIG_DIR at a directory you can write to";

/** A light structural check of the file (the conf schema below says the same for writes). */
export function checkConfigShape(data: unknown): string | undefined {
  if (!isObject(data)) return "not a JSON object";
  if (data.profiles === undefined) return undefined;
  if (!isObject(data.profiles)) return "profiles is not an object";
  for (const [name, profile] of Object.entries(data.profiles)) {
    const at = `profiles.${name}`;
    if (!isObject(profile)) return `${at} is not an object`;
    const { provider, secrets, port, tunnel, tunnelToken } = profile;
    if (provider !== undefined && typeof provider !== "string") return `${at}.provider`;
    if (
      secrets !== undefined &&
      !(Array.isArray(secrets) && secrets.every((s) => typeof s === "string" && s.length > 0))
    ) {
      return `${at}.secrets must be a list of non-empty strings`;
    }
    // 0 is any free port, as with `--port 0` and HOOKS_PORT=0 (src/config/keys.ts parsePort).
    if (
      port !== undefined &&
      !(Number.isInteger(port) && Number(port) >= 0 && Number(port) <= 65535)
    )
      return `${at}.port must be an integer 0..65535`;
    if (tunnel !== undefined && tunnel !== "cloudflared" && tunnel !== "none")
      return `${at}.tunnel must be cloudflared or none`;
    if (tunnelToken !== undefined && !(typeof tunnelToken === "string" && tunnelToken.length > 0))
      return `${at}.tunnelToken must be a non-empty string`;
    const { credentials, webhooks, register } = profile;
    if (register !== undefined && typeof register !== "boolean")
      return `${at}.register must be true or false`;
    if (credentials !== undefined && !isStringMap(credentials))
      return `${at}.credentials must map variable names to strings`;
    if (webhooks !== undefined && !isStringMap(webhooks))
      return `${at}.webhooks must map repo, org, shop, business, environment to strings`;
    for (const field of URL_FIELDS) {
      const value = profile[field];
      if (value !== undefined && !(typeof value === "string" && /^https?:\/\//i.test(value)))
        return `${at}.${field} must be an http(s) URL`;
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A saved URL is always in the full form parseUserUrl (src/util/url.ts) returns, so the file
 * holds only http(s):// URLs; a shorthand such as `3000` in the file was written by hand.
 */
const URL_SCHEMA = { type: "string", pattern: "^[Hh][Tt][Tt][Pp][Ss]?://" } as const;

/** JSON schema conf checks on load and on every write. */
const SCHEMA = {
  profiles: {
    type: "object",
    default: {},
    propertyNames: { pattern: PROFILE_NAME.source },
    additionalProperties: {
      type: "object",
      properties: {
        provider: { type: "string", minLength: 1 },
        secrets: { type: "array", items: { type: "string", minLength: 1 } },
        url: URL_SCHEMA,
        port: { type: "integer", minimum: 0, maximum: 65535 },
        forwardTo: URL_SCHEMA,
        tunnel: { enum: ["cloudflared", "none"] },
        publicUrl: URL_SCHEMA,
        credentials: { type: "object", additionalProperties: { type: "string" } },
        webhooks: { type: "object", additionalProperties: { type: "string" } },
        register: { type: "boolean" },
        tunnelToken: { type: "string", minLength: 1 },
      },
    },
  },
} as const;

/**
 * Applies `change` to the saved profiles and writes them back (conf: atomic, schema-checked).
 * Returns the config file's path. The file and its directory are made owner-only every time,
 * since a file created by hand or by an older version may be group-readable.
 */
export async function updateProfiles(
  change: (profiles: Record<string, Profile>) => void,
): Promise<string> {
  const dir = configDir();
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw fileError("create the config directory", dir, error, CONFIG_FIX);
  }
  const { default: Conf } = await import("conf");
  let store: InstanceType<typeof Conf<ConfigFile>>;
  try {
    store = new Conf<ConfigFile>({
      projectName: "hooks",
      projectSuffix: "",
      cwd: dir,
      configName: "config",
      configFileMode: FILE_MODE,
      clearInvalidConfig: false,
      schema: SCHEMA as never,
    });
  } catch (error) {
    if (isFileError(error))
      throw fileError("read the config file", configPath(), error, CONFIG_FIX);
    throw brokenFile(configPath(), (error as Error).message);
  }
  const profiles = structuredClone(store.get("profiles") ?? {});
  change(profiles);
  try {
    store.set("profiles", profiles);
  } catch (error) {
    if (isFileError(error)) throw fileError("write the config file", store.path, error, CONFIG_FIX);
    throw new UsageError(`cannot save profile: ${(error as Error).message}`);
  }
  chmodSync(store.path, FILE_MODE);
  return store.path;
}

function isStringMap(value: unknown): boolean {
  return isObject(value) && Object.values(value).every((v) => typeof v === "string");
}
