import { UsageError } from "../errors.js";
// The id list beside the lazy loaders, not the registry: this module is on `hooks verify`'s
// start-up path, and the registry loads every provider.
import { isProviderId, PROVIDER_IDS, unknownProvider } from "../providers/table.js";
import type { Profile } from "../store/profiles.js";
import { parseUserUrl } from "../util/url.js";

/** The keys `hooks config` edits, as the user types them. `secret` is stored as `secrets[]`. */
export const CONFIG_KEYS = [
  "provider",
  "secret",
  "url",
  "port",
  "forwardTo",
  "tunnel",
  "publicUrl",
  "register",
  "tunnelToken",
] as const;

export type ConfigKey = (typeof CONFIG_KEYS)[number];

export const TUNNELS = ["cloudflared", "none"] as const;
export type TunnelKind = (typeof TUNNELS)[number];

/** What the URL keys take (src/util/url.ts has the rule). */
const URL_ALLOWED =
  "an http(s) URL, host:port/path (http assumed) or a bare port (http://localhost:<port>)";

export interface KeySpec {
  key: ConfigKey;
  /** The environment variable that overrides the profile (flag > env > profile > default). */
  env: string;
  /** The flag of `hooks send` / `hooks listen` that overrides everything. */
  flag: string;
  /** What a valid value looks like, for error messages and `hooks config --help`. */
  allowed: () => string;
  description: string;
}

export const KEY_SPECS: Record<ConfigKey, KeySpec> = {
  provider: {
    key: "provider",
    env: "HOOKS_PROVIDER",
    flag: "--provider",
    allowed: () => `one of ${PROVIDER_IDS.join(", ")}`,
    description: "provider id (see hooks providers)",
  },
  secret: {
    key: "secret",
    env: "HOOKS_SECRET",
    flag: "--secret",
    allowed: () => "a non-empty secret on one line (--add keeps the others, for key rotation)",
    description: "signing secret(s); shown masked",
  },
  url: {
    key: "url",
    env: "HOOKS_URL",
    flag: "URL of hooks send",
    allowed: () => URL_ALLOWED,
    description: "default target of hooks send",
  },
  port: {
    key: "port",
    env: "HOOKS_PORT",
    flag: "--port",
    allowed: () => "an integer 0..65535 (0 picks a free port)",
    description: "port of hooks listen (default 4665; 0 picks a free one)",
  },
  forwardTo: {
    key: "forwardTo",
    env: "HOOKS_FORWARD_TO",
    flag: "--forward-to",
    allowed: () => URL_ALLOWED,
    description: "local app hooks listen forwards to",
  },
  tunnel: {
    key: "tunnel",
    env: "HOOKS_TUNNEL",
    flag: "--tunnel",
    allowed: () => TUNNELS.join(" or "),
    description: "tunnel of hooks listen (default cloudflared)",
  },
  publicUrl: {
    key: "publicUrl",
    env: "HOOKS_PUBLIC_URL",
    flag: "--public-url",
    allowed: () => URL_ALLOWED,
    description: "public URL that reaches hooks listen (your own tunnel)",
  },
  register: {
    key: "register",
    env: "HOOKS_REGISTER",
    flag: "--register",
    allowed: () => "true or false",
    description: "hooks listen points the provider's webhook at its tunnel (as --register)",
  },
  tunnelToken: {
    key: "tunnelToken",
    // cloudflared's own variable is TUNNEL_TOKEN; this one names what it is for in a shell that
    // runs other tunnels too, and never reaches cloudflared by itself (src/tunnel/cloudflared-env.ts).
    env: "CLOUDFLARED_TOKEN",
    flag: "--tunnel-token",
    allowed: () =>
      "the token of a Cloudflare named tunnel (eyJ…, as `cloudflared service install <token>` shows it)",
    description: "named cloudflared tunnel of hooks listen (with publicUrl, its hostname); masked",
  },
};

const squash = (name: string): string => name.toLowerCase().replace(/[-_]/g, "");

/** Accepts `forwardTo`, `forward-to`, `forward_to` and `secrets`; anything else is exit 2. */
export function parseKey(name: string): ConfigKey {
  const wanted = squash(name) === "secrets" ? "secret" : squash(name);
  const key = CONFIG_KEYS.find((candidate) => squash(candidate) === wanted);
  if (!key) {
    throw new UsageError(
      `unknown config key "${name}"; allowed keys: ${CONFIG_KEYS.join(", ")} (kebab-case works too)`,
    );
  }
  return key;
}

/** Where a value came from, for error messages: `port`, `HOOKS_PORT`, `--port`, `profile "x"`. */
export type ValueOrigin = string;

function invalid(key: ConfigKey, value: string, origin: ValueOrigin, why: string): UsageError {
  return new UsageError(
    `invalid ${origin} "${value}": ${why}; allowed: ${KEY_SPECS[key].allowed()}`,
  );
}

/** 0 is any free port, as with `--port 0`, wherever the port comes from (flag, env, profile). */
export function parsePort(value: string, origin: ValueOrigin = "port"): number {
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) throw invalid("port", value, origin, "not a port");
  return port;
}

export function parseProviderId(value: string, origin: ValueOrigin = "provider"): string {
  const id = value.trim().toLowerCase();
  if (isProviderId(id)) return id;
  // The flag keeps the registry's wording (getProvider), which scripts have matched for long.
  if (origin === KEY_SPECS.provider.flag) throw unknownProvider(value);
  throw invalid("provider", value, origin, "unknown provider");
}

export function parseTunnel(value: string, origin: ValueOrigin = "tunnel"): TunnelKind {
  const tunnel = TUNNELS.find((kind) => kind === value.trim().toLowerCase());
  if (!tunnel) throw invalid("tunnel", value, origin, "unknown tunnel");
  return tunnel;
}

export function parseSecret(value: string, origin: ValueOrigin = "secret"): string {
  // Never echo the value itself: this message may end up on a shared screen or in CI logs.
  if (value.length === 0) throw new UsageError(`invalid ${origin}: empty`);
  if (/[\r\n\0]/.test(value)) {
    throw new UsageError(
      `invalid ${origin}: it contains a line break; give the secret on one line`,
    );
  }
  return value;
}

/** `true`/`false`, and the usual spellings of them in environment variables (1, yes, on, …). */
export function parseBoolean(value: string, origin: ValueOrigin = "register"): boolean {
  const word = value.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(word)) return true;
  if (["false", "0", "no", "off"].includes(word)) return false;
  throw invalid("register", value, origin, "not a boolean");
}

/**
 * A cloudflared tunnel token is base64 of a JSON object with the account (`a`), tunnel id (`t`)
 * and secret (`s`), the shape cloudflared's ParseToken accepts (cmd/cloudflared/tunnel/
 * subcommands.go). Checked here so that a pasted install command or a cut-off token is exit 2
 * with a reason, not a tunnel that fails later. The value is never echoed.
 */
export function parseTunnelToken(value: string, origin: ValueOrigin = "tunnelToken"): string {
  const token = parseSecret(value.trim(), origin);
  const words = token.split(/\s+/);
  if (words.length > 1) {
    throw new UsageError(
      `invalid ${origin}: it has spaces; pass only the token (the eyJ… word), not the whole \`cloudflared service install\` command`,
    );
  }
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) throw new Error("not base64");
    decoded = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const fields = decoded as Record<string, unknown> | undefined;
  if (
    typeof fields !== "object" ||
    fields === null ||
    typeof fields.a !== "string" ||
    typeof fields.t !== "string" ||
    typeof fields.s !== "string"
  ) {
    throw new UsageError(
      `invalid ${origin}: not a cloudflared tunnel token; allowed: ${KEY_SPECS.tunnelToken.allowed()}`,
    );
  }
  return token;
}

/** A profile value as stored: a string except `port`, `secrets` and `register`. */
export type StoredValue = string | number | boolean | string[];

/** Validates a value typed for `key`; `origin` names its source in the error message. */
export function parseValue(key: ConfigKey, value: string, origin: ValueOrigin = key): StoredValue {
  switch (key) {
    case "provider":
      return parseProviderId(value, origin);
    case "secret":
      return [parseSecret(value, origin)];
    case "port":
      return parsePort(value, origin);
    case "tunnel":
      return parseTunnel(value, origin);
    case "register":
      return parseBoolean(value, origin);
    case "tunnelToken":
      return parseTunnelToken(value, origin);
    case "url":
    case "forwardTo":
    case "publicUrl":
      // One rule for every URL a user types; it names the origin and suggests the fix itself.
      return parseUserUrl(value, origin);
  }
}

/** The field of `Profile` that holds a key. */
export function fieldOf(key: ConfigKey): keyof Profile {
  return key === "secret" ? "secrets" : key;
}
