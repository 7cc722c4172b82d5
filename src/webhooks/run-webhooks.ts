import { resolveSettings } from "../config/resolve.js";
import type { ApiFlags } from "../config/resolve-api.js";
import { UsageError } from "../errors.js";
import { generateSecret } from "../init/generate-secret.js";
import { parseUserUrl } from "../util/url.js";
import { openApi, type OpenApi } from "./open-api.js";
import type { EventType, Subscription, TestReport } from "./types.js";

// `hooks webhooks list|events|create|update|delete|test|rotate`: each returns data for
// src/render/webhooks.ts; the command decides the exit code. Secrets hooks learns on the way
// (Stripe's `whsec_` on create, Square's rotated key, the one hooks chose) go to the registry,
// since most providers never show them again.

export interface WebhooksFlags extends ApiFlags {
  event?: string[] | undefined;
  name?: string | undefined;
  secret?: string | undefined;
  url?: string | undefined;
  enable?: boolean | undefined;
  disable?: boolean | undefined;
}

export async function listWebhooks(flags: WebhooksFlags): Promise<Subscription[]> {
  const { api } = await openApi(flags);
  return api.list();
}

export async function listEventTypes(flags: WebhooksFlags): Promise<EventType[]> {
  const { api } = await openApi(flags);
  return api.events();
}

export async function createWebhook(url: string, flags: WebhooksFlags): Promise<Subscription> {
  const target = parseUserUrl(url, "webhook URL");
  const open = await openApi(flags);
  const secret = await secretToSet(open, flags);
  const events = flags.event && flags.event.length > 0 ? flags.event : await allEvents(open);
  const created = await open.api.create({
    url: target,
    events,
    name: cutName(flags.name ?? "hooks", open.settings.spec.nameLimit),
    ...(secret === undefined ? {} : { secret }),
  });
  saveSecret(open, created);
  return created;
}

export async function updateWebhook(id: string, flags: WebhooksFlags): Promise<Subscription> {
  if (flags.enable && flags.disable)
    throw new UsageError("--enable and --disable cannot be combined");
  const open = await openApi(flags);
  const input = {
    ...(flags.url === undefined ? {} : { url: parseUserUrl(flags.url, "--url") }),
    ...(flags.event && flags.event.length > 0 ? { events: flags.event } : {}),
    ...(flags.enable ? { enabled: true } : flags.disable ? { enabled: false } : {}),
  };
  if (Object.keys(input).length === 0) {
    throw new UsageError("nothing to change: pass --url, --event, --enable or --disable");
  }
  const secret = await knownSecret(open, id, flags);
  const updated = await open.api.update(id, {
    ...input,
    ...(secret === undefined ? {} : { secret }),
  });
  if (updated.id !== id)
    open.registry.rename({ provider: open.settings.provider, scope: open.scope, id }, updated.id);
  saveSecret(open, updated);
  return updated;
}

export async function deleteWebhook(
  id: string,
  flags: WebhooksFlags,
): Promise<{ id: string; deleted: true }> {
  const open = await openApi(flags);
  await open.api.delete(id);
  open.registry.remove({ provider: open.settings.provider, scope: open.scope, id });
  return { id, deleted: true };
}

/** The provider's test deliveries, and which provider made them (a report's class name). */
export async function testWebhook(
  id: string,
  flags: WebhooksFlags,
): Promise<TestReport & { provider: string }> {
  const { api } = await openApi(flags, "test");
  if (!api.test) throw new Error(`${api.provider} client has no test()`);
  const event = flags.event?.[0];
  return { ...(await api.test(id, event)), provider: api.provider };
}

export async function rotateWebhook(
  id: string,
  flags: WebhooksFlags,
): Promise<{ id: string; secret: string }> {
  const open = await openApi(flags, "rotate");
  if (!open.api.rotate) throw new Error(`${open.api.provider} client has no rotate()`);
  const { secret } = await open.api.rotate(id);
  open.registry.upsert({ provider: open.settings.provider, scope: open.scope, id }, (entry) => {
    entry.secret = secret;
  });
  return { id, secret };
}

/** Every event the provider offers: what a subscription gets when no --event is given. */
export async function allEvents(open: OpenApi): Promise<string[]> {
  const rule = open.settings.spec.allEvents;
  if (rule === "wildcard") return ["*"];
  if (rule !== "listed") throw new UsageError(rule.refuse);
  return (await open.api.events()).map((event) => event.name).filter((name) => name !== "*");
}

/**
 * The secret to give a new subscription, where the secret is the client's: --secret, else the
 * one the settings hold (HOOKS_SECRET, the profile), so that the listener already checks it,
 * else a fresh one. Where the provider makes it (Square, Stripe) or the app holds it (Shopify),
 * --secret cannot apply.
 */
export async function secretToSet(
  open: OpenApi,
  flags: Pick<WebhooksFlags, "secret" | "profile">,
): Promise<string | undefined> {
  const { spec } = open.settings;
  if (spec.secretOrigin !== "client") {
    if (flags.secret !== undefined) {
      throw new UsageError(
        spec.secretOrigin === "provider"
          ? `${spec.provider} makes the signing secret itself; leave out --secret (hooks saves the one it returns)`
          : "Shopify signs with your app's client secret; give it to hooks listen, not to the subscription",
      );
    }
    return undefined;
  }
  if (flags.secret !== undefined) return flags.secret;
  const settings = await resolveSettings({ profile: flags.profile });
  return settings.secrets[0] ?? generateSecret("random");
}

/** The secret an update must resend: --secret, else the one hooks saved for it, else the settings'. */
export async function knownSecret(
  open: OpenApi,
  id: string,
  flags: Pick<WebhooksFlags, "secret" | "profile">,
): Promise<string | undefined> {
  if (flags.secret !== undefined) return flags.secret;
  const saved = open.registry.find(open.settings.provider, open.scope, id)?.secret;
  if (saved !== undefined) return saved;
  if (open.settings.spec.secretOrigin !== "client") return undefined;
  const settings = await resolveSettings({ profile: flags.profile });
  return settings.secrets[0];
}

export function saveSecret(open: OpenApi, subscription: Subscription): void {
  if (subscription.secret === undefined) return;
  const secret = subscription.secret;
  open.registry.upsert(
    { provider: open.settings.provider, scope: open.scope, id: subscription.id },
    (entry) => {
      entry.secret = secret;
    },
  );
}

/** `hooks listen <host>`, cut to what the provider takes (0: the provider has no names). */
export function cutName(name: string, limit: number): string {
  return limit > 0 && name.length > limit ? name.slice(0, limit) : name;
}
