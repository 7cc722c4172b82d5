import { UsageError } from "../errors.js";
import { maskSecret, secretForms } from "../util/secrets.js";
import { providerError } from "./api-error.js";
import type { ApiResponse } from "./api-http.js";
import eventTypes from "./stripe-event-types.json" with { type: "json" };
import type {
  ApiContext,
  CreateInput,
  EventType,
  Subscription,
  UpdateInput,
  WebhookApi,
} from "./types.js";

// Stripe's webhook endpoints API (POST /v1/webhook_endpoints…). Its quirks, kept here:
// - bodies are form-encoded, arrays as repeated `enabled_events[]`;
// - the endpoint's signing secret (`whsec_…`) comes back in the answer to create and never again,
//   so `create` hands it on and the caller must save it then; update cannot set it, so re-pointing
//   an endpoint keeps it;
// - a live key moves real money's configuration: refused unless the user said --live.

const HOST = "https://api.stripe.com";
/**
 * Pinned, so that what hooks sends and reads does not change under it with the account's default
 * version. The version of Stripe's own SDKs at the time (stripe-node src/apiVersion.ts).
 */
export const STRIPE_API_VERSION = "2026-07-29.dahlia";
/** The most a list page holds. */
const PAGE_LIMIT = 100;
const LIVE_KEY = /^[sr]k_live_/;

interface StripeEndpoint {
  id: string;
  url: string;
  enabled_events: string[];
  status: string;
  created: number;
  description: string | null;
  secret?: string;
}

interface StripeList {
  data: StripeEndpoint[];
  has_more: boolean;
}

type Form = [string, string][];

export function createStripeApi(context: ApiContext): WebhookApi {
  const key = context.credentials.apiKey ?? "";
  if (key.length === 0) throw new UsageError("stripe: no API key (set STRIPE_API_KEY)");
  if (LIVE_KEY.test(key) && !context.live) {
    throw new UsageError(`stripe: ${maskSecret(key)} is a live key; a live key needs --live`);
  }
  const base = (context.apiUrl ?? HOST).replace(/\/+$/, "");

  async function call(
    method: "GET" | "POST" | "DELETE",
    path: string,
    form?: Form,
  ): Promise<unknown> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${key}`,
      "stripe-version": STRIPE_API_VERSION,
    };
    // A POST retried after a lost answer (or a 429) must not make a second endpoint.
    if (method === "POST") headers["idempotency-key"] = context.newId();
    const response = await context.http({
      method,
      url: `${base}${path}`,
      headers,
      ...(form === undefined ? {} : { form }),
    });
    if (response.status >= 200 && response.status < 300 && isObject(response.json)) {
      return response.json;
    }
    throw providerError("stripe", response.status, hideKey(stripeWords(response), key));
  }

  const endpointPath = (id: string) => `/v1/webhook_endpoints/${encodeURIComponent(id)}`;

  return {
    provider: "stripe",

    async list() {
      const out: Subscription[] = [];
      let after: string | undefined;
      for (;;) {
        const query = new URLSearchParams({ limit: String(PAGE_LIMIT) });
        if (after !== undefined) query.set("starting_after", after);
        const page = (await call("GET", `/v1/webhook_endpoints?${query}`)) as StripeList;
        const data = Array.isArray(page.data) ? page.data : [];
        out.push(...data.map(toSubscription));
        const last = data.at(-1);
        if (page.has_more !== true || last === undefined) return out;
        after = last.id;
      }
    },

    async get(id) {
      return toSubscription((await call("GET", endpointPath(id))) as StripeEndpoint);
    },

    events(): Promise<EventType[]> {
      // Stripe has no endpoint listing event types: this is the enum `enabled_events` takes,
      // with the descriptions Stripe's OpenAPI spec gives each event (stripe-node
      // src/resources/WebhookEndpoints.ts and src/resources/Events.ts, generated from it).
      return Promise.resolve(eventTypes.map((type) => ({ ...type })));
    },

    async create(input: CreateInput) {
      const form: Form = [["url", input.url], ...eventsForm(input.events)];
      if (input.name.length > 0) form.push(["description", input.name]);
      const created = (await call("POST", "/v1/webhook_endpoints", form)) as StripeEndpoint;
      return toSubscription(created);
    },

    async update(id: string, input: UpdateInput) {
      // Only what is asked is sent: Stripe keeps every parameter left out, the secret included
      // (update takes none, and hooks never sends input.secret here).
      const form: Form = [];
      if (input.url !== undefined) form.push(["url", input.url]);
      if (input.events !== undefined) form.push(...eventsForm(input.events));
      if (input.enabled !== undefined) form.push(["disabled", String(!input.enabled)]);
      return toSubscription((await call("POST", endpointPath(id), form)) as StripeEndpoint);
    },

    async delete(id) {
      const answer = (await call("DELETE", endpointPath(id))) as { deleted?: unknown };
      if (answer.deleted !== true) {
        throw providerError("stripe", 500, `webhook endpoint ${id} was not deleted`);
      }
    },
  };
}

/** No events means every event: Stripe's `*`. */
function eventsForm(events: string[]): Form {
  const names = events.length === 0 ? ["*"] : events;
  return names.map((name) => ["enabled_events[]", name]);
}

function toSubscription(endpoint: StripeEndpoint): Subscription {
  const subscription: Subscription = {
    id: endpoint.id,
    url: endpoint.url,
    events: Array.isArray(endpoint.enabled_events) ? endpoint.enabled_events : [],
    enabled: endpoint.status === "enabled",
    createdAt: Number.isFinite(endpoint.created)
      ? new Date(endpoint.created * 1000).toISOString()
      : null,
    provider: "stripe",
  };
  if (typeof endpoint.description === "string" && endpoint.description.length > 0) {
    subscription.name = endpoint.description;
  }
  if (typeof endpoint.secret === "string") subscription.secret = endpoint.secret;
  return subscription;
}

/** `resource_missing: No such webhook endpoint: 'we_…' (param: id)`, Stripe's own words. */
function stripeWords(response: ApiResponse): string {
  const error = isObject(response.json) ? response.json.error : undefined;
  if (!isObject(error)) {
    return `unexpected answer: ${response.text.slice(0, 200).trim() || "(empty body)"}`;
  }
  const code = typeof error.code === "string" ? error.code : error.type;
  const message = typeof error.message === "string" ? error.message : "(no message)";
  const param = typeof error.param === "string" ? ` (param: ${error.param})` : "";
  return `${typeof code === "string" ? `${code}: ` : ""}${message}${param}`;
}

/** Stripe masks a rejected key itself; a proxy or an error page might not. */
function hideKey(words: string, key: string): string {
  let out = words;
  for (const form of secretForms(key)) out = out.split(form).join(maskSecret(key));
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
