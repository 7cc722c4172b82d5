// The one interface every provider's management API client implements (src/webhooks/<id>-api.ts).
// `hooks webhooks` and `hooks listen --register` only ever talk to this interface; the quirks of
// each API (which answers carry the secret, PUT that replaces, no update at all) live in its
// client, so that a caller asking for "point this subscription at that URL" gets exactly that.

import type { ApiHttp } from "./api-http.js";

export const API_PROVIDER_IDS = ["square", "up42", "poynt", "github", "stripe", "shopify"] as const;
export type ApiProviderId = (typeof API_PROVIDER_IDS)[number];

/** One webhook subscription at the provider, in hooks' words. */
export interface Subscription {
  id: string;
  url: string;
  /** Event names in the provider's own vocabulary (Shopify topics as `orders/create`). */
  events: string[];
  enabled: boolean;
  /** ISO 8601, or null when the provider does not say. */
  createdAt: string | null;
  provider: ApiProviderId;
  name?: string;
  /**
   * The signing secret, whole, when this answer carried it (Square on create and retrieve, Stripe
   * on create only, UP42 always) or when hooks chose and sent it (GitHub, Poynt, UP42). Renderers
   * mask it; it is never printed whole.
   */
  secret?: string;
}

export interface CreateInput {
  url: string;
  events: string[];
  /** Cut to the provider's nameLimit by the caller. */
  name: string;
  /** For providers whose secret is the client's (secretOrigin "client"): the secret to set. */
  secret?: string;
}

export interface UpdateInput {
  url?: string;
  events?: string[];
  enabled?: boolean;
  /**
   * The secret hooks knows for this subscription (saved at create, or the user's). GitHub's hook
   * PATCH removes a secret that is not resent, UP42's PUT replaces the whole object, and Poynt
   * re-creates the hook: each needs it, and fails with a UsageError naming `--secret` without it
   * when the provider cannot give it back.
   */
  secret?: string;
}

/** An event type the provider can send, for `hooks webhooks events`. */
export interface EventType {
  name: string;
  description: string | null;
}

/** One test delivery the provider made, shaped like a test of `hooks send --json`. */
export interface ProviderTest {
  event: string;
  id: string;
  ok: boolean;
  /** What the subscription's URL answered, or null when the provider does not say. */
  status: number | null;
  durationMs: number | null;
  error: { reason: string; message: string } | null;
}

export interface TestReport {
  startedAt: string;
  testsRun: number;
  testsSucceeded: number;
  testsFailed: number;
  tests: ProviderTest[];
}

/** One delivery in the provider's log (`hooks webhooks deliveries`). */
export interface ProviderDelivery {
  /** The provider's id of the delivery, what `redeliver` takes. */
  id: string;
  /**
   * The id the delivery carries in its request (GitHub's X-GitHub-Delivery guid, Poynt's event
   * id), compared with the local store by `--missing`.
   */
  eventId: string | null;
  event: string | null;
  deliveredAt: string;
  /** The status the URL answered, or null when it never answered. */
  status: number | null;
  ok: boolean;
  redelivery: boolean;
  /** The provider's own words about the attempt (`failed to connect`). */
  message: string | null;
}

export interface RedeliverResult {
  id: string;
  ok: boolean;
  message: string | null;
}

export interface WebhookApi {
  readonly provider: ApiProviderId;
  list(): Promise<Subscription[]>;
  get(id: string): Promise<Subscription>;
  events(): Promise<EventType[]>;
  create(input: CreateInput): Promise<Subscription>;
  /** Changes what is given and keeps the rest, whatever the provider's API makes that take. */
  update(id: string, input: UpdateInput): Promise<Subscription>;
  delete(id: string): Promise<void>;
  /** Only where the provider runs test deliveries (ApiSpec.capabilities.test). */
  test?(id: string, event?: string): Promise<TestReport>;
  /** Only where the provider rotates keys (Square). */
  rotate?(id: string): Promise<{ secret: string }>;
  deliveries?(id: string, since?: Date): Promise<ProviderDelivery[]>;
  redeliver?(id: string, deliveryIds: string[]): Promise<RedeliverResult[]>;
}

/** What a client is made from: resolved credentials, hosts and targets. */
export interface ApiContext {
  /** Values of the provider's credential specs, by spec key (ApiSpec.credentials). */
  credentials: Record<string, string>;
  /** `--api-url`: replaces every host the client talks to. */
  apiUrl: string | undefined;
  /** `--environment` where the provider has two (Square): default sandbox. */
  environment: "sandbox" | "production";
  /** `--repo owner/name`, `--org`, `--shop`, `--business`, from the flag or the profile. */
  target: { repo?: string; org?: string; shop?: string; business?: string };
  /** `--live` (Stripe: a live key is refused without it). */
  live: boolean;
  http: ApiHttp;
  /** Injected for tests. */
  clock: () => number;
  newId: () => string;
}
