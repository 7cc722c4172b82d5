import { CLOVER_MANUAL } from "../config/resolve-api.js";
import { UsageError } from "../errors.js";
import type { Profile } from "../store/profiles.js";
import {
  API_SPECS,
  isApiProvider,
  type ApiSpec,
  type CredentialSpec,
} from "../webhooks/api-table.js";

// What `hooks init` asks and saves so that `hooks listen` can point the provider's webhook at its
// tunnel by itself: the target the provider's API works on (a repository, a shop, a business,
// Square's environment). Tokens are never asked for here: they stay in the provider's own
// variables, out of the config file and out of shell history.

export type WebhookTargets = NonNullable<Profile["webhooks"]>;
export type TargetName = keyof WebhookTargets;
export const TARGET_NAMES: readonly TargetName[] = [
  "repo",
  "org",
  "shop",
  "business",
  "environment",
];

/** What each target looks like, for the prompt, the check and the error message. */
export const TARGETS: Record<
  TargetName,
  { pattern: RegExp; looks: string; question: string; placeholder: string }
> = {
  // GitHub's own rules: owner letters, digits and hyphens; repository names add . and _.
  repo: {
    placeholder: "<owner/name>",
    pattern: /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/,
    looks: "owner/name, such as octocat/hello",
    question: "The repository (owner/name):",
  },
  org: {
    placeholder: "<name>",
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    looks: "an organisation login",
    question: "The organisation (its login):",
  },
  shop: {
    placeholder: "<name>.myshopify.com",
    pattern: /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/,
    looks: "<name>.myshopify.com",
    question: "The shop (<name>.myshopify.com):",
  },
  // Poynt's businessId is a UUID in every request and response of its hooks API.
  business: {
    placeholder: "<business id>",
    pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    looks: "the business id, a UUID",
    question: "The business id (a UUID):",
  },
  environment: {
    placeholder: "sandbox|production",
    pattern: /^(sandbox|production)$/,
    looks: "sandbox or production",
    question: "Which environment?",
  },
};

/** The targets a provider's API takes, Square's environment included. */
export function targetsOf(spec: ApiSpec): TargetName[] {
  return [...spec.targets, ...(spec.environments ? (["environment"] as const) : [])];
}

export function parseTarget(name: TargetName, value: string, origin: string = `--${name}`): string {
  const trimmed = value.trim();
  const normal = name === "repo" || name === "org" ? trimmed : trimmed.toLowerCase();
  if (!TARGETS[name].pattern.test(normal)) {
    throw new UsageError(`invalid ${origin} "${value}": expected ${TARGETS[name].looks}`);
  }
  return normal;
}

/** The management API spec of a provider `--register` is asked for, or a one-line reason why not. */
export function registerSpec(provider: string): ApiSpec {
  if (isApiProvider(provider)) return API_SPECS[provider];
  if (provider === "clover") throw new UsageError(`--register: ${CLOVER_MANUAL}`);
  throw new UsageError(
    `${provider} has no webhook management API that hooks knows, so --register cannot apply; it works with ${Object.keys(API_SPECS).join(", ")}`,
  );
}

/** Checks target flags against the provider: `--shop` on Square is a mistake, not a no-op. */
export function checkTargetFlags(provider: string, given: WebhookTargets): WebhookTargets {
  const names = TARGET_NAMES.filter((name) => given[name] !== undefined);
  if (names.length === 0) return {};
  const spec = isApiProvider(provider) ? API_SPECS[provider] : undefined;
  const out: WebhookTargets = {};
  for (const name of names) {
    if (!spec || !targetsOf(spec).includes(name)) {
      const takers = Object.values(API_SPECS).filter((s) => targetsOf(s).includes(name));
      throw new UsageError(
        `${provider} takes no --${name}: --${name} is for ${takers.map((s) => s.provider).join(", ")}`,
      );
    }
    out[name] = parseTarget(name, given[name] ?? "");
  }
  if (out.repo !== undefined && out.org !== undefined) {
    throw new UsageError(`${provider} takes one of --repo, --org, not both`);
  }
  return out;
}

/**
 * The saved targets overlaid with the new ones; a new repo or org replaces both (GitHub takes
 * one), and a profile switching provider keeps none.
 */
export function mergeTargets(
  existing: Profile,
  provider: string,
  given: WebhookTargets,
): WebhookTargets {
  if (existing.provider !== provider) return { ...given };
  const kept: WebhookTargets = { ...existing.webhooks };
  if (given.repo !== undefined || given.org !== undefined) {
    delete kept.repo;
    delete kept.org;
  }
  return { ...kept, ...given };
}

/** A one-line error when the provider needs a target (GitHub, Shopify, Poynt) and has none. */
export function requireTarget(spec: ApiSpec, targets: WebhookTargets): void {
  if (spec.targets.length === 0 || spec.targets.some((name) => targets[name] !== undefined)) return;
  const flags = spec.targets.map((name) => `--${name} ${TARGETS[name].placeholder}`).join(" or ");
  throw new UsageError(`--register for ${spec.provider} needs ${flags}`);
}

/** The credentials neither their variables nor the profile hold yet: the user must export them. */
export function missingCredentials(
  spec: ApiSpec,
  profile: Profile,
  env: NodeJS.ProcessEnv = process.env,
): CredentialSpec[] {
  return spec.credentials.filter(
    (credential) =>
      !credential.env.some((variable) => env[variable] || profile.credentials?.[variable]),
  );
}

/**
 * The register flags checked once the provider is known: `--register` only where there is an
 * API, target flags only where the provider takes them. Returns the flagged targets.
 */
export function checkRegisterFlags(
  provider: string,
  given: { register?: boolean | undefined; webhooks?: WebhookTargets | undefined },
): WebhookTargets {
  if (given.register) registerSpec(provider);
  return checkTargetFlags(provider, given.webhooks ?? {});
}
