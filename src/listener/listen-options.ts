import { parseBoolean } from "../config/keys.js";
import { activeProfile, describeSource, resolveSettings } from "../config/resolve.js";
import { DEFAULT_INSPECT_PORT } from "../inspector/inspect-port.js";
import { UsageError } from "../errors.js";
import { getProvider } from "../providers/index.js";
import type { Provider } from "../providers/types.js";
import { defaultStorePath } from "../store/event-store-path.js";
import { parseIntFlag } from "../util/input.js";
import { defaultMaxInFlight } from "./in-flight.js";
import type { RegisterOptions } from "../webhooks/register.js";
import { catchAllOf, parseEventGlobs, parseRoutes, type Route } from "./routes.js";
import { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_HOST, DEFAULT_MAX_BODY } from "./listener.js";
import { namedTunnel } from "../tunnel/tunnel-token.js";
import type { NamedTunnel } from "./open-tunnel.js";

/** `hooks listen` flags as commander hands them over (all strings). */
export interface ListenFlags {
  port?: string;
  host?: string;
  tunnel?: string;
  publicUrl?: string;
  provider?: string;
  secret?: string[];
  secretFile?: string;
  /** Repeatable: `[<rule>=]<url>` (src/listener/routes.ts). */
  forwardTo?: string[];
  status?: string;
  delay?: string;
  store?: string;
  maxBody?: string;
  maxInFlight?: string;
  headersTimeout?: string;
  expect?: string;
  timeout?: string;
  json?: boolean;
  inspectPort?: string;
  /** False with --no-inspect. */
  inspect?: boolean;
  profile?: string | undefined;
  /** `--register [<id>]`: true, or the id of the subscription to re-point; false with --no-register. */
  register?: boolean | string;
  event?: string[];
  path?: string;
  keep?: boolean;
  repo?: string;
  org?: string;
  shop?: string;
  business?: string;
  environment?: string;
  apiUrl?: string;
  live?: boolean;
  /** `--hold`: answer 202 and redeliver while the forward target is down. */
  hold?: boolean;
  /** `--resign` (with --hold): redeliveries signed afresh with the listener's secret. */
  resign?: boolean;
  /** `--answer-handshakes`, false with `--no-answer-handshakes`; undefined when neither is given. */
  answerHandshakes?: boolean;
  /** Repeatable `--events <glob>`: only matching events are shown and forwarded. */
  events?: string[];
  /** `--tunnel-token`: a cloudflared named tunnel, with --public-url its hostname. */
  tunnelToken?: string;
}

export interface ListenOptions {
  host: string;
  port: number;
  tunnel: "cloudflared" | "none";
  publicUrl: string | undefined;
  /**
   * The provider expected (--provider, HOOKS_PROVIDER, the profile): the label of requests whose
   * headers name no provider. Headers that name another one still win (src/listener/analyse-request.ts).
   */
  provider: Provider | undefined;
  /** Where `provider` came from: `--provider`, `HOOKS_PROVIDER`, `profile "default"`. */
  providerFrom: string | undefined;
  /** The resolved secrets; a request signed by another provider is checked with them too. */
  secrets: string[];
  /** The catch-all of `routes`, if there is one (also the inspector's replay default). */
  forwardTo: string | undefined;
  /**
   * `--forward-to` rules and the catch-all, in the order typed; else HOOKS_FORWARD_TO or the
   * profile's forwardTo as the one catch-all; empty when nothing is forwarded.
   */
  routes: Route[];
  /** `--events` globs, as typed; `eventFilter` is what the listener matches. */
  events: string[];
  eventFilter: RegExp[];
  status: number;
  delayMs: number;
  store: string;
  maxBodyBytes: number;
  /** Bytes of bodies held at once, all requests together (src/listener/in-flight.ts InFlight). */
  maxInFlightBytes: number;
  headersTimeoutMs: number;
  expect: number | undefined;
  timeoutMs: number | undefined;
  json: boolean;
  /** The web inspector (src/inspector), unless --no-inspect; the default port may fall back. */
  inspect: { port: number; fallbackPort: boolean } | undefined;
  /** `--register`: the subscription to point at the listener (src/webhooks/register.ts). */
  register: RegisterOptions | undefined;
  /** `--hold` (src/listener/hold.ts); only with a forward target. */
  hold: boolean;
  /** `--hold --resign`: each redelivery signed afresh (src/listener/resign-headers.ts). */
  resign: boolean;
  /** Answer the providers' verification handshakes here (src/listener/handshakes.ts). */
  answerHandshakes: boolean;
  /** A named tunnel (--tunnel-token with --public-url), instead of a quick tunnel. */
  namedTunnel: NamedTunnel | undefined;
}

/**
 * Flags first, then the environment (HOOKS_PORT, HOOKS_TUNNEL, …), then the saved profile, then
 * built-in defaults: src/config/resolve.ts resolves and validates them all. The listener's own
 * flags (status, delay, store, …) have no environment variable or profile key and are parsed here.
 */
export async function resolveListenOptions(flags: ListenFlags): Promise<ListenOptions> {
  // --forward-to rules: any flag replaces HOOKS_FORWARD_TO and the profile, which are one URL.
  const flagRoutes = flags.forwardTo?.length ? parseRoutes(flags.forwardTo) : undefined;
  const settings = await resolveSettings({
    profile: flags.profile,
    provider: flags.provider,
    secret: flags.secret,
    secretFile: flags.secretFile,
    port: flags.port,
    tunnel: flags.tunnel,
    forwardTo: flagRoutes && catchAllOf(flagRoutes),
    publicUrl: flags.publicUrl,
    tunnelToken: flags.tunnelToken,
  });
  const routes =
    flagRoutes ??
    (settings.forwardTo
      ? [{ kind: "catch-all" as const, rule: "*" as const, url: settings.forwardTo }]
      : []);
  const maxBodyBytes =
    flags.maxBody === undefined ? DEFAULT_MAX_BODY : parseSize("--max-body", flags.maxBody);
  return {
    host: flags.host ?? DEFAULT_HOST,
    port: settings.port,
    tunnel: settings.tunnel,
    publicUrl: settings.publicUrl,
    provider: settings.provider === undefined ? undefined : getProvider(settings.provider),
    providerFrom: describeSource(settings, "provider"),
    secrets: settings.secrets,
    forwardTo: catchAllOf(routes),
    routes,
    events: flags.events ?? [],
    eventFilter: parseEventGlobs(flags.events ?? []),
    status:
      flags.status === undefined
        ? 200
        : parseIntFlag("--status", flags.status, { min: 200, max: 599 }),
    delayMs: flags.delay === undefined ? 0 : parseIntFlag("--delay", flags.delay, { max: 600_000 }),
    store: flags.store ?? defaultStorePath(),
    maxBodyBytes,
    maxInFlightBytes: maxInFlight(flags.maxInFlight, maxBodyBytes),
    headersTimeoutMs:
      flags.headersTimeout === undefined
        ? DEFAULT_HEADERS_TIMEOUT_MS
        : parseIntFlag("--headers-timeout", flags.headersTimeout, { min: 100, max: 600_000 }),
    expect:
      flags.expect === undefined ? undefined : parseIntFlag("--expect", flags.expect, { min: 1 }),
    timeoutMs: flags.timeout === undefined ? undefined : parseSeconds("--timeout", flags.timeout),
    json: Boolean(flags.json),
    inspect:
      flags.inspect === false
        ? undefined
        : flags.inspectPort !== undefined
          ? {
              port: parseIntFlag("--inspect-port", flags.inspectPort, { min: 0, max: 65_535 }),
              fallbackPort: false,
            }
          : { port: DEFAULT_INSPECT_PORT, fallbackPort: true },
    register: registerOptions(flags, registerWanted(flags)),
    hold: holdWanted(flags, routes.length > 0),
    resign: resignWanted(flags, settings.secrets.length > 0 || Boolean(registerWanted(flags))),
    // With a forward target the app answers its handshakes, as it will in production.
    answerHandshakes: flags.answerHandshakes ?? routes.length === 0,
    namedTunnel: namedTunnel(settings),
  };
}

/** `--hold` keeps requests for a target: without one there is nothing to hold them for. */
function holdWanted(flags: ListenFlags, forwards: boolean): boolean {
  if (!flags.hold) return false;
  if (!forwards) {
    throw new UsageError(
      "--hold needs a forward target: add --forward-to <url> (or set HOOKS_FORWARD_TO)",
    );
  }
  return true;
}

/**
 * `--resign` re-signs what `--hold` redelivers, so it needs `--hold` and a secret: given, or the
 * one `--register` learns from the provider.
 */
function resignWanted(flags: ListenFlags, secretComing: boolean): boolean {
  if (!flags.resign) return false;
  if (!flags.hold) throw new UsageError("--resign re-signs what --hold redelivers: add --hold");
  if (!secretComing) {
    throw new UsageError(
      "--resign needs the secret to sign with: pass --secret or --secret-file, set HOOKS_SECRET, or use --register",
    );
  }
  return true;
}

/**
 * `--register [<id>]` or `--no-register`, else HOOKS_REGISTER, else the profile's `register`
 * (saved by `hooks init --register`): a profile set up to register does so on every run.
 */
function registerWanted(
  flags: ListenFlags,
  env: NodeJS.ProcessEnv = process.env,
): boolean | string | undefined {
  if (flags.register !== undefined) return flags.register;
  if (env.HOOKS_REGISTER) return parseBoolean(env.HOOKS_REGISTER, "HOOKS_REGISTER");
  // readConfigFile has checked that a saved `register` is a boolean.
  return activeProfile(flags.profile, env).profile?.register;
}

function registerOptions(
  flags: ListenFlags,
  register: boolean | string | undefined,
): RegisterOptions | undefined {
  if (register === undefined || register === false) {
    const stray = (["event", "path", "keep"] as const).find((name) => flags[name] !== undefined);
    if (stray)
      throw new UsageError(`--${stray} is for --register: add --register, or leave out --${stray}`);
    return undefined;
  }
  const path = flags.path ?? "/webhooks";
  if (!path.startsWith("/") || /[\s?#]/.test(path)) {
    throw new UsageError(
      `invalid --path "${path}": a path starting with / (no spaces, ? or #), such as /webhooks`,
    );
  }
  return {
    id: typeof register === "string" ? register : undefined,
    events: flags.event ?? [],
    path,
    keep: Boolean(flags.keep),
    secret: flags.secret?.[0],
    profile: flags.profile,
    provider: flags.provider,
    apiUrl: flags.apiUrl,
    environment: flags.environment,
    repo: flags.repo,
    org: flags.org,
    shop: flags.shop,
    business: flags.business,
    live: flags.live,
  };
}

/** `26214400`, `25MiB`, `25mb`, `512k`: binary units, since the default is 25 MiB. */
export function parseSize(flag: string, value: string): number {
  const match = /^(\d+)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(value.trim());
  if (!match?.[1])
    throw new UsageError(`invalid ${flag} "${value}": expected bytes, e.g. 1048576 or 25MiB`);
  const unit = (match[2] ?? "b").toLowerCase()[0];
  const scale = unit === "k" ? 1024 : unit === "m" ? 1024 ** 2 : unit === "g" ? 1024 ** 3 : 1;
  const bytes = Number(match[1]) * scale;
  if (bytes < 1) throw new UsageError(`invalid ${flag} "${value}": must be at least 1 byte`);
  return bytes;
}

/** At least one body of the largest size must fit, or such a body could never be accepted. */
function maxInFlight(value: string | undefined, maxBodyBytes: number): number {
  if (value === undefined) return defaultMaxInFlight(maxBodyBytes);
  const bytes = parseSize("--max-in-flight", value);
  if (bytes < maxBodyBytes) {
    throw new UsageError(
      `invalid --max-in-flight "${value}": must be at least --max-body (${maxBodyBytes} bytes), or no body that large could ever be accepted`,
    );
  }
  return bytes;
}

function parseSeconds(flag: string, value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(seconds > 0)) {
    throw new UsageError(`invalid ${flag} "${value}": expected a number of seconds > 0`);
  }
  return Math.round(seconds * 1000);
}
