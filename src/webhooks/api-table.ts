import type { ApiContext, ApiProviderId, WebhookApi } from "./types.js";

// The providers with a management API, as data: what credential each needs and where it is
// read, which target (repository, shop, business) it works on, who makes the secret, and what it
// can do beyond list/create/update/delete. `hooks webhooks` checks a subcommand against this
// table before it asks for credentials, so `deliveries` on Stripe says "not there" at once.
// Each client is loaded only when used (src/webhooks/<id>-api.ts).

export interface CredentialSpec {
  /** The key the client reads from ApiContext.credentials. */
  key: string;
  /** Variables read in this order; the profile's `credentials.<first name>` comes after them. */
  env: string[];
  /** For the error of a missing one: what it is and where to get it. */
  what: string;
  /** A command whose stdout is the value when no variable is set (GitHub: `gh auth token`). */
  fallbackCommand?: string[];
}

export type TargetKind = "repo" | "org" | "shop" | "business";

export interface ApiSpec {
  provider: ApiProviderId;
  /** "Square Webhook Subscriptions API", for messages. */
  label: string;
  credentials: CredentialSpec[];
  /** Targets of which exactly one is needed (GitHub: repo or org); empty when none. */
  targets: TargetKind[];
  /** provider: the API returns it; client: hooks chooses and sends it; app: the app's own secret. */
  secretOrigin: "provider" | "client" | "app";
  /** The longest name the provider takes (`hooks listen <host>` is cut to it). */
  nameLimit: number;
  environments: boolean;
  capabilities: { test: boolean; rotate: boolean; deliveries: boolean };
  /**
   * What a subscription gets when no --event is given: `wildcard`, the provider's `*` (which also
   * covers events added later); `listed`, every event type the provider lists; or a refusal, in
   * words, where subscribing to everything is not one subscription.
   */
  allEvents: "wildcard" | "listed" | { refuse: string };
  load(): Promise<(context: ApiContext) => WebhookApi>;
}

export const API_SPECS: Record<ApiProviderId, ApiSpec> = {
  square: {
    provider: "square",
    label: "Square Webhook Subscriptions API",
    credentials: [
      {
        key: "token",
        env: ["SQUARE_ACCESS_TOKEN"],
        what: "the application's personal access token (Developer Console > your app > Credentials; OAuth tokens are refused)",
      },
    ],
    targets: [],
    secretOrigin: "provider",
    nameLimit: 64,
    environments: true,
    capabilities: { test: true, rotate: true, deliveries: false },
    allEvents: "listed",
    load: async () => (await import("./square-api.js")).createSquareApi,
  },
  up42: {
    provider: "up42",
    label: "UP42 webhooks API",
    credentials: [
      {
        key: "username",
        env: ["UP42_USERNAME"],
        what: "the e-mail address you log in to UP42 with",
      },
      { key: "password", env: ["UP42_PASSWORD"], what: "your UP42 password" },
    ],
    targets: [],
    secretOrigin: "client",
    nameLimit: 64,
    environments: false,
    capabilities: { test: true, rotate: false, deliveries: false },
    allEvents: "listed",
    load: async () => (await import("./up42-api.js")).createUp42Api,
  },
  poynt: {
    provider: "poynt",
    label: "Poynt hooks API",
    credentials: [
      {
        key: "applicationId",
        env: ["POYNT_APPLICATION_ID"],
        what: "your application id (urn:aid:…, poynt.net > Development > your app)",
      },
      {
        key: "privateKey",
        env: ["POYNT_PRIVATE_KEY"],
        what: "the path to the application's private key PEM (downloaded from poynt.net)",
      },
    ],
    targets: ["business"],
    secretOrigin: "client",
    // A Poynt hook has no name.
    nameLimit: 0,
    environments: false,
    capabilities: { test: false, rotate: false, deliveries: true },
    allEvents: "listed",
    load: async () => (await import("./poynt-api.js")).createPoyntApi,
  },
  github: {
    provider: "github",
    label: "GitHub webhooks API",
    credentials: [
      {
        key: "token",
        env: ["GITHUB_TOKEN", "GH_TOKEN"],
        what: "a token with admin:repo_hook (repository) or admin:org_hook (organisation) scope",
        fallbackCommand: ["gh", "auth", "token"],
      },
    ],
    targets: ["repo", "org"],
    secretOrigin: "client",
    // A hook's name must be "web": GitHub hooks carry no name of ours.
    nameLimit: 0,
    environments: false,
    capabilities: { test: true, rotate: false, deliveries: true },
    allEvents: "wildcard",
    load: async () => (await import("./github-api.js")).createGithubApi,
  },
  stripe: {
    provider: "stripe",
    label: "Stripe webhook endpoints API",
    credentials: [
      {
        key: "apiKey",
        env: ["STRIPE_API_KEY"],
        what: "a secret key sk_test_… (Dashboard > Developers > API keys); a live key needs --live",
      },
    ],
    targets: [],
    secretOrigin: "provider",
    // Stripe has no name; the description takes 5000 characters.
    nameLimit: 5000,
    environments: false,
    capabilities: { test: false, rotate: false, deliveries: false },
    allEvents: "wildcard",
    load: async () => (await import("./stripe-api.js")).createStripeApi,
  },
  shopify: {
    provider: "shopify",
    label: "Shopify Admin GraphQL webhook subscriptions",
    credentials: [
      {
        key: "token",
        env: ["SHOPIFY_ACCESS_TOKEN"],
        what: "the app's Admin API access token (shpat_…) for the shop",
      },
    ],
    targets: ["shop"],
    secretOrigin: "app",
    nameLimit: 0,
    environments: false,
    capabilities: { test: false, rotate: false, deliveries: false },
    allEvents: {
      refuse:
        "Shopify subscribes one topic at a time: name the topics with --event (for example --event orders/create); `hooks webhooks events --provider shopify` lists them",
    },
    load: async () => (await import("./shopify-api.js")).createShopifyApi,
  },
};

export function isApiProvider(id: string): id is ApiProviderId {
  return Object.hasOwn(API_SPECS, id);
}
