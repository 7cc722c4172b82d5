import { UsageError } from "../errors.js";
import { providerError } from "./api-error.js";
import type { ApiResponse } from "./api-http.js";
import { createPoyntSession, POYNT_HOST, poyntError, poyntWords } from "./poynt-api-auth.js";
import catalog from "./poynt-events.json" with { type: "json" };
import type {
  ApiContext,
  ProviderDelivery,
  RedeliverResult,
  Subscription,
  WebhookApi,
} from "./types.js";

// Poynt's hooks API: create, list (per business), get and delete, and no update at all. Poynt
// keeps the secret the client sets and answers it masked (`********`), so hooks returns the one it
// sent. A re-point is a new hook with a new id. Poynt also keeps 30 days of what it sent (its
// Delivery API), which `deliveries` lists and `redeliver` sends again.

interface PoyntHook {
  id?: string;
  businessId?: string;
  deliveryUrl?: string;
  eventTypes?: string[];
  active?: boolean;
  createdAt?: string;
}

/**
 * One notification in Poynt's delivery log. Its fields are those of the body Poynt POSTs (id,
 * hookId, eventType, resource, …) plus status and attempt, so its `id` is the body's `id`: the
 * event id hooks' Poynt provider stores (src/providers/poynt.ts).
 */
interface PoyntDelivery {
  id?: string;
  hookId?: string;
  eventType?: string;
  status?: string;
  attempt?: number;
  createdAt?: string;
  updatedAt?: string;
}

/** A list that never ends (a `next` link back to itself) stops here. */
const MAX_PAGES = 1000;

export function createPoyntApi(context: ApiContext): WebhookApi {
  const base = (context.apiUrl ?? POYNT_HOST).replace(/\/+$/, "");
  const call = createPoyntSession(context, base);

  async function getHook(id: string): Promise<PoyntHook> {
    const response = await call("GET", `/hooks/${encodeURIComponent(id)}`);
    return expect<PoyntHook>(response, 200);
  }

  async function createHook(
    businessId: string,
    url: string,
    events: string[],
    secret: string,
  ): Promise<Subscription> {
    if (events.length === 0) {
      throw new UsageError(
        "poynt: a hook needs at least one event type: pass --event (`hooks webhooks events --provider poynt` lists them)",
      );
    }
    const applicationId = context.credentials.applicationId ?? "";
    // The node SDK posts to `/hooks/`; the docs and the reference to `/hooks`.
    const response = await call("POST", "/hooks", {
      applicationId,
      businessId,
      deliveryUrl: url,
      secret,
      eventTypes: events,
    });
    const hook = expect<PoyntHook>(response, 200, 201);
    return { ...toSubscription(hook), secret };
  }

  /** Every page of a Poynt collection, following `links[rel=next]` as Poynt's node SDK does. */
  async function collect<T>(first: string, key: string): Promise<T[]> {
    const items: T[] = [];
    let path: string | undefined = first;
    for (let page = 0; path !== undefined && page < MAX_PAGES; page++) {
      const response: ApiResponse = await call("GET", path);
      const doc: Record<string, unknown> = expect(response, 200);
      const found: T[] = Array.isArray(doc[key]) ? (doc[key] as T[]) : [];
      items.push(...found);
      path = found.length > 0 ? nextPath(doc.links) : undefined;
    }
    return items;
  }

  const api: WebhookApi = {
    provider: "poynt",

    async list() {
      const query = new URLSearchParams({ businessId: business(context) });
      const hooks = await collect<PoyntHook>(`/hooks?${query}`, "hooks");
      return hooks.map(toSubscription);
    },

    async get(id) {
      return toSubscription(await getHook(id));
    },

    // Poynt has no endpoint that lists its event types: they are data (poynt-events.json).
    async events() {
      return catalog.events.map((event) => ({ name: event.name, description: event.description }));
    },

    async create(input) {
      if (input.secret === undefined || input.secret === "") {
        throw new UsageError("poynt: a hook needs the secret Poynt signs with: pass --secret");
      }
      return createHook(business(context), input.url, input.events, input.secret);
    },

    // Poynt has no update (no PATCH or PUT on /hooks/{id}): a changed URL or event list is a new
    // hook with the same secret, then the old one deleted. The new hook is created first so a
    // refused create leaves the old hook working, and its (new) id is what this returns. Poynt
    // never gives a secret back, so the caller has to know it.
    async update(id, input) {
      const current = await getHook(id);
      if (input.enabled === false) {
        throw new UsageError(
          "poynt: a Poynt hook cannot be disabled (Poynt has no update API); delete it instead",
        );
      }
      const url = input.url ?? current.deliveryUrl ?? "";
      const events = input.events ?? current.eventTypes ?? [];
      const unchanged = url === current.deliveryUrl && sameSet(events, current.eventTypes ?? []);
      if (unchanged) {
        const same = toSubscription(current);
        return input.secret === undefined ? same : { ...same, secret: input.secret };
      }
      if (input.secret === undefined || input.secret === "") {
        throw new UsageError(
          "poynt: Poynt cannot update a hook, so hooks re-creates it, and Poynt masks the secret (********): pass --secret with the hook's secret",
        );
      }
      const created = await createHook(
        current.businessId ?? business(context),
        url,
        events,
        input.secret,
      );
      const removed = await call("DELETE", `/hooks/${encodeURIComponent(id)}`);
      if (removed.status >= 300 && removed.status !== 404) {
        throw providerError(
          "poynt",
          removed.status,
          `created hook ${created.id} for ${url}, but deleting the old hook ${id} failed: ${poyntWords(removed)}`,
        );
      }
      return created;
    },

    async delete(id) {
      const response = await call("DELETE", `/hooks/${encodeURIComponent(id)}`);
      if (response.status !== 204 && response.status !== 200) throw poyntError(response);
    },

    async deliveries(id, since) {
      const hook = await getHook(id);
      const query = new URLSearchParams();
      if (since !== undefined) query.set("startAt", isoSeconds(since));
      const path = `${deliveriesPath(hook.businessId ?? business(context))}${query.size > 0 ? `?${query}` : ""}`;
      // The log is kept per business; the hook's share of it is picked here.
      const log = await collect<PoyntDelivery>(path, "deliveries");
      return log.filter((delivery) => delivery.hookId === id).map(toDelivery);
    },

    async redeliver(id, deliveryIds) {
      const hook = await getHook(id);
      const path = deliveriesPath(hook.businessId ?? business(context));
      const results: RedeliverResult[] = [];
      for (const deliveryId of deliveryIds) {
        // [guess] Poynt's API reference names "Redeliver Event" (and "Redeliver By Time") in its
        // Delivery API, but none of Poynt's SDKs (node, python, java) nor the Poynt.NET port calls
        // it: the path is the reference's resource name under the log's own path.
        const response = await call("POST", `${path}/${encodeURIComponent(deliveryId)}/redeliver`);
        if (response.status >= 200 && response.status < 300) {
          results.push({ id: deliveryId, ok: true, message: null });
        } else if (response.status === 400 || response.status === 404) {
          results.push({ id: deliveryId, ok: false, message: poyntWords(response) });
        } else {
          throw poyntError(response);
        }
      }
      return results;
    },
  };
  return api;
}

/**
 * [inferred] Poynt's delivery log, as the Poynt.NET port of Poynt's Java model places it
 * (`/businesses/{businessId}/deliveries`, a DeliveryList of `deliveries` and `links`).
 */
function deliveriesPath(businessId: string): string {
  return `/businesses/${encodeURIComponent(businessId)}/deliveries`;
}

function business(context: ApiContext): string {
  const businessId = context.target.business;
  if (businessId === undefined || businessId === "") {
    throw new UsageError(
      "poynt: hooks are kept per business: pass --business <businessId> (the merchant's, or your organisation's for app-billing hooks)",
    );
  }
  return businessId;
}

function expect<T>(response: ApiResponse, ...statuses: number[]): T {
  if (!statuses.includes(response.status)) throw poyntError(response);
  if (typeof response.json !== "object" || response.json === null) {
    throw providerError("poynt", 502, `HTTP ${response.status} without a JSON body`);
  }
  return response.json as T;
}

/** The next page's path; an absolute href keeps only its path, since --api-url replaces the host. */
function nextPath(links: unknown): string | undefined {
  if (!Array.isArray(links)) return undefined;
  const next = (links as { rel?: unknown; href?: unknown }[]).find((link) => link.rel === "next");
  if (typeof next?.href !== "string" || next.href === "") return undefined;
  if (!/^https?:\/\//i.test(next.href))
    return next.href.startsWith("/") ? next.href : `/${next.href}`;
  const url = new URL(next.href);
  return `${url.pathname}${url.search}`;
}

function toSubscription(hook: PoyntHook): Subscription {
  return {
    id: hook.id ?? "",
    url: hook.deliveryUrl ?? "",
    events: hook.eventTypes ?? [],
    enabled: hook.active ?? true,
    createdAt: iso(hook.createdAt),
    provider: "poynt",
  };
}

function toDelivery(delivery: PoyntDelivery): ProviderDelivery {
  const attempts = delivery.attempt ?? 1;
  const status = delivery.status ?? null;
  return {
    id: delivery.id ?? "",
    eventId: delivery.id ?? null,
    event: delivery.eventType ?? null,
    deliveredAt: iso(delivery.updatedAt ?? delivery.createdAt) ?? "",
    // Poynt's log keeps its own status word (SCHEDULED, DELIVERED, ERRORED, …), not the URL's answer.
    status: null,
    ok: status === "DELIVERED",
    redelivery: attempts > 1,
    message:
      status === null ? null : attempts > 1 ? `${status} after ${attempts} attempts` : status,
  };
}

function iso(value: string | undefined): string | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Poynt's own timestamps have no fraction (`2015-09-17T03:41:54Z`). */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((item) => left.has(item));
}
