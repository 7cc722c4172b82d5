import { execFileSync } from "node:child_process";
import { UsageError } from "../errors.js";
import type { Profile } from "../store/profiles.js";
import { parseUserUrl } from "../util/url.js";
import { API_SPECS, isApiProvider, type ApiSpec, type TargetKind } from "../webhooks/api-table.js";
import type { ApiProviderId } from "../webhooks/types.js";
import { activeProfile, resolveSettings } from "./resolve.js";

// The settings of `hooks webhooks` and `hooks listen --register`, through the same resolver as
// every other setting: the provider from --provider, HOOKS_PROVIDER or the profile; credentials
// from the provider's own variables, then the profile's `credentials` (never from a flag, which
// would land in shell history); targets from their flag, then the profile's `webhooks`.

export interface ApiFlags {
  profile?: string | undefined;
  provider?: string | undefined;
  apiUrl?: string | undefined;
  environment?: string | undefined;
  repo?: string | undefined;
  org?: string | undefined;
  shop?: string | undefined;
  business?: string | undefined;
  live?: boolean | undefined;
}

export interface ApiSettings {
  provider: ApiProviderId;
  spec: ApiSpec;
  credentials: Record<string, string>;
  target: { repo?: string; org?: string; shop?: string; business?: string };
  apiUrl: string | undefined;
  environment: "sandbox" | "production";
  live: boolean;
  profile: string;
}

/** Where Clover's webhook URL is set, since Clover has no API for it. */
export const CLOVER_MANUAL =
  "Clover has no API for webhook URLs: set it in the Developer Dashboard, Your Apps > <app> > App Settings > Webhooks, then click Send Verification Code while `hooks listen` runs (it catches and boxes the code)";

/** The provider `hooks webhooks` manages, checked before any credential is looked for. */
export async function resolveApiProvider(
  flags: Pick<ApiFlags, "profile" | "provider">,
): Promise<{ provider: ApiProviderId; spec: ApiSpec; profile: Profile | undefined; name: string }> {
  const settings = await resolveSettings({ profile: flags.profile, provider: flags.provider });
  const id = settings.provider;
  if (id === undefined) {
    throw new UsageError(
      `which provider? pass --provider <id> (one of ${Object.keys(API_SPECS).join(", ")}), set HOOKS_PROVIDER, or save one with \`hooks config set provider <id>\``,
    );
  }
  if (id === "clover") throw new UsageError(CLOVER_MANUAL);
  if (!isApiProvider(id)) {
    throw new UsageError(
      `${id} has no webhook management API that hooks knows; hooks webhooks works with ${Object.keys(API_SPECS).join(", ")}`,
    );
  }
  const { profile, name } = activeProfile(flags.profile);
  return { provider: id, spec: API_SPECS[id], profile, name };
}

export async function resolveApiSettings(
  flags: ApiFlags,
  env: NodeJS.ProcessEnv = process.env,
  runCommand: (argv: string[]) => string | undefined = runQuietly,
): Promise<ApiSettings> {
  const { provider, spec, profile, name } = await resolveApiProvider(flags);
  const credentials: Record<string, string> = {};
  for (const credential of spec.credentials) {
    const value =
      credential.env.map((variable) => env[variable]).find(Boolean) ??
      credential.env.map((variable) => profile?.credentials?.[variable]).find(Boolean) ??
      (credential.fallbackCommand ? runCommand(credential.fallbackCommand) : undefined);
    if (!value) {
      const fallback = credential.fallbackCommand
        ? ` (or log in with \`${credential.fallbackCommand[0]} auth login\`)`
        : "";
      throw new UsageError(
        `missing ${credential.env.join(" or ")} for the ${spec.label}: ${credential.what}; export it${fallback}`,
      );
    }
    credentials[credential.key] = value.trim();
  }
  const saved = profile?.webhooks ?? {};
  const target: ApiSettings["target"] = {};
  for (const kind of spec.targets) {
    const value = flags[kind] ?? saved[kind];
    if (value) target[kind] = value;
  }
  const given = spec.targets.filter((kind) => target[kind] !== undefined);
  if (spec.targets.length > 0 && given.length !== 1) {
    const flagsText = spec.targets.map((kind) => `--${kind} ${TARGET_EXAMPLE[kind]}`).join(" or ");
    throw new UsageError(
      given.length === 0
        ? `${provider} needs ${flagsText}`
        : `${provider} takes one of ${spec.targets.map((kind) => `--${kind}`).join(", ")}, not both`,
    );
  }
  const environment = flags.environment ?? saved.environment ?? "sandbox";
  if (environment !== "sandbox" && environment !== "production") {
    throw new UsageError(`--environment must be sandbox or production, not "${environment}"`);
  }
  if (flags.environment !== undefined && !spec.environments) {
    throw new UsageError(`${provider} has no sandbox: --environment is for square`);
  }
  return {
    provider,
    spec,
    credentials,
    target,
    apiUrl:
      flags.apiUrl === undefined
        ? undefined
        : parseUserUrl(flags.apiUrl, "--api-url").replace(/\/+$/, ""),
    environment,
    live: Boolean(flags.live),
    profile: name,
  };
}

const TARGET_EXAMPLE: Record<TargetKind, string> = {
  repo: "<owner/name>",
  org: "<name>",
  shop: "<name>.myshopify.com",
  business: "<business id>",
};

/** `gh auth token`: its output, or undefined when gh is missing or not logged in. */
function runQuietly(argv: string[]): string | undefined {
  const [command, ...args] = argv;
  if (!command) return undefined;
  try {
    const out = execFileSync(command, args, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 5000,
    });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}
