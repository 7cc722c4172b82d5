import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Dispatcher } from "undici";
import { requireSecrets, resolveSigningSettings, type Settings } from "../config/resolve.js";
import { UsageError } from "../errors.js";
import { loadCatalog, type SampleEvent } from "../providers/catalog.js";
import { getProvider } from "../providers/index.js";
import type { Provider } from "../providers/types.js";
import { parseHeaderFlags } from "../util/input.js";
import { parseIntFlag, readPayload } from "../util/input.js";
import { tryParseJson } from "../util/json.js";
import { parseUserUrl } from "../util/url.js";
import { maskSecret, redactUrl } from "../util/secrets.js";
import { maskReport } from "./mask-report.js";
import { deliver, type Target } from "./deliver.js";
import { Deadlines } from "../http/deadline.js";
import { createDispatcher } from "../http/dispatcher.js";
import { runConcurrently } from "./engine.js";
import { countNotifications, notifications, type Schedule } from "./notifications.js";
import { parseOverride } from "./overrides.js";
import { findEvent } from "./resolve-events.js";
import { assertBatchable } from "./batch-check.js";
import {
  compileEvent,
  payloadFactory,
  verificationFactory,
  type EventFactory,
  type FactoryOptions,
} from "./samples.js";
import type { SendObserver, SendPlan, SendSummary } from "./types.js";

export interface SendOptions {
  url?: string | undefined;
  provider?: string | undefined;
  secret?: string[] | undefined;
  /** `--secret-file <path|->` instead of --secret. */
  secretFile?: string | undefined;
  event?: string[] | undefined;
  batch?: string | undefined;
  count?: string | undefined;
  concurrency?: string | undefined;
  payload?: string | undefined;
  set?: string[] | undefined;
  header?: string[] | undefined;
  timeout?: string | undefined;
  retries?: string | undefined;
  verificationCode?: string | boolean | undefined;
  insecure?: boolean | undefined;
  profile?: string | undefined;
}

/** Everything checked and ready: nothing has been sent yet. */
export interface PreparedSend {
  plan: SendPlan;
  schedule: Schedule;
  provider: Provider;
  secret: string | undefined;
  target: Target;
  userHeaders: Record<string, string>;
  insecure: boolean;
}

export const DEFAULT_CONCURRENCY = 10;

/** Checks every input (exit 2 on any mistake) before a single request goes out. */
export async function prepareSend(options: SendOptions): Promise<PreparedSend> {
  const limits = parseLimits(options);
  const userHeaders = parseHeaderFlags(options.header);
  const overrides = (options.set ?? []).map(parseOverride);
  const { url, code } = takeVerificationUrl(options);
  const verification = code !== undefined && code !== false;
  const { target, provider, settings } = await resolveDestination(
    { ...options, url },
    verification,
  );
  const timeoutMs = deliveryLimit(options, provider);
  const events: EventsContext = {
    ...options,
    ...limits,
    provider,
    settings,
    overrides,
    userHeaders,
  };
  const { factories, secret } = verification
    ? verificationEvents(events, code as string | true)
    : await signedEvents(events);
  const schedule: Schedule = { factories, count: limits.count, batch: limits.batch };
  return {
    plan: planFor({ ...limits, provider, target, timeoutMs, schedule, secret }),
    schedule,
    provider,
    secret,
    target,
    userHeaders,
    insecure: Boolean(options.insecure),
  };
}

interface Limits {
  count: number;
  batch: number;
  concurrency: number;
  retries: number;
}

function parseLimits(
  options: Pick<SendOptions, "count" | "batch" | "concurrency" | "retries">,
): Limits {
  return {
    count: parseIntFlag("--count", options.count ?? "1", { min: 1 }),
    batch: parseIntFlag("--batch", options.batch ?? "1", { min: 1, max: 1_000_000 }),
    concurrency: parseIntFlag("--concurrency", options.concurrency ?? String(DEFAULT_CONCURRENCY), {
      min: 1,
      max: 1000,
    }),
    retries: parseIntFlag("--retries", options.retries ?? "0", { min: 0, max: 20 }),
  };
}

/** `hooks send --verification-code https://…` would otherwise read the URL as the code. */
function takeVerificationUrl(options: Pick<SendOptions, "url" | "verificationCode">): {
  url: string | undefined;
  code: SendOptions["verificationCode"];
} {
  const { url, verificationCode: code } = options;
  if (url === undefined && typeof code === "string" && /^https?:\/\//i.test(code)) {
    return { url: code, code: true };
  }
  return { url, code };
}

/**
 * Where to send, as which provider, with which secrets: one resolver (flag, HOOKS_*, profile).
 * `--verification-code` is Clover's POST whatever HOOKS_PROVIDER or the profile names, which are
 * only defaults (someone setting up Clover may well have another profile active); only a
 * --provider of another id contradicts it.
 */
async function resolveDestination(
  options: Pick<SendOptions, "url" | "provider" | "secret" | "secretFile" | "payload" | "profile">,
  verification: boolean,
): Promise<{ target: Target; provider: Provider; settings: Settings }> {
  const settings = await resolveSigningSettings(options);
  const url = options.url ?? settings.url;
  if (url === undefined) {
    throw new UsageError(
      "missing <url>: give the URL to send to (hooks send https://example.com/webhooks), or save one with `hooks config set url <url>`",
    );
  }
  const target = parseTarget(url);
  const clover = verification && settings.sources.provider !== "flag";
  const provider = getProvider(clover ? "clover" : (settings.provider ?? "standard"));
  return { target, provider, settings };
}

function deliveryLimit(options: Pick<SendOptions, "timeout">, provider: Provider): number {
  return options.timeout === undefined
    ? provider.timeoutMs
    : parseIntFlag("--timeout", options.timeout, { min: 1, max: 3_600_000 });
}

/** What the event steps need: the flags that pick and shape the bodies. */
type EventsContext = Pick<SendOptions, "event" | "payload"> &
  Pick<Limits, "batch"> &
  FactoryOptions & { provider: Provider; settings: Settings };

interface Events {
  factories: EventFactory[];
  /** Undefined for Clover's verification POST, which is unsigned. */
  secret: string | undefined;
}

/** `--verification-code`: Clover's verification POST, alone, unsigned. */
function verificationEvents(
  ctx: Pick<EventsContext, "provider" | "payload" | "overrides" | "userHeaders">,
  code: string | true,
): Events {
  const { provider } = ctx;
  if (provider.id !== "clover") {
    throw new UsageError(
      `--verification-code is Clover's verification POST; add --provider clover (got ${provider.id})`,
    );
  }
  rejectWith("--verification-code", { payload: ctx.payload, set: ctx.overrides.length });
  const sample = loadCatalog(provider.id).events[0];
  const factory = verificationFactory(typeof code === "string" ? code : randomUUID(), sample, {
    overrides: [],
    userHeaders: ctx.userHeaders,
  });
  return { factories: [factory], secret: undefined };
}

/** Events signed with the secret: the given `--payload`, else the catalog's samples. */
async function signedEvents(ctx: EventsContext): Promise<Events> {
  const [secret] = requireSecrets(ctx.settings, ctx.provider.id);
  const factories =
    ctx.payload !== undefined
      ? [await payloadEvent({ ...ctx, payload: ctx.payload })]
      : sampleEvents(ctx);
  return { factories, secret };
}

/** `--payload`: the bytes as they are, with the headers of `--event` or of the event they name. */
async function payloadEvent(
  ctx: Pick<EventsContext, "provider" | "event" | "batch" | "overrides" | "userHeaders"> & {
    payload: string;
  },
): Promise<EventFactory> {
  const { provider, event } = ctx;
  rejectWith("--payload", { set: ctx.overrides.length, batch: ctx.batch > 1 ? 1 : 0 });
  if ((event?.length ?? 0) > 1) {
    throw new UsageError("--payload sends one body: give at most one --event");
  }
  const catalog = loadCatalog(provider.id);
  const bytes = await readPayload(ctx.payload);
  const json = tryParseJson(bytes.toString("utf8"));
  const named = event?.[0] ?? provider.eventType({}, json);
  let sample: SampleEvent | undefined;
  if (event?.[0] !== undefined) sample = findEvent(catalog, event[0]);
  else sample = catalog.events.find((entry) => entry.name === named);
  const bodyId = provider.eventId({}, json);
  return payloadFactory(bytes, named ?? "payload", sample, bodyId, ctx);
}

/** The catalog's sample events: those named by `--event`, else one of each (a smoke suite). */
function sampleEvents(
  ctx: Pick<EventsContext, "provider" | "event" | "batch" | "overrides" | "userHeaders">,
): EventFactory[] {
  const catalog = loadCatalog(ctx.provider.id);
  if (catalog.events.length === 0) {
    throw new UsageError(
      `no sample events for ${ctx.provider.id} yet; send your own body with --payload <file|->`,
    );
  }
  const samples = ctx.event?.length
    ? ctx.event.map((name) => findEvent(catalog, name))
    : catalog.events;
  const factories = samples.map((sample) => compileEvent(sample, ctx));
  assertBatchable(ctx.provider.id, factories, ctx.batch);
  return factories;
}

/** The report's first line: what is about to be sent, the secret masked. */
function planFor(
  ctx: Pick<Limits, "concurrency" | "retries"> & {
    provider: Provider;
    target: Target;
    timeoutMs: number;
    schedule: Schedule;
    secret: string | undefined;
  },
): SendPlan {
  const { factories } = ctx.schedule;
  return {
    provider: ctx.provider.id,
    // A URL may carry a token (`?key=…`, `user:password@`): the banner shows it masked.
    url: redactUrl(ctx.target.url, ctx.secret === undefined ? [] : [ctx.secret]),
    total: countNotifications(ctx.schedule),
    timeoutMs: ctx.timeoutMs,
    concurrency: ctx.concurrency,
    retries: ctx.retries,
    eventWidth: Math.min(30, Math.max(...factories.map((factory) => factory.event.length))),
    secret: ctx.secret === undefined ? null : maskSecret(ctx.secret),
  };
}

function rejectWith(flag: string, others: Record<string, string | number | undefined>): void {
  for (const [name, value] of Object.entries(others)) {
    if (value !== undefined && value !== 0) {
      throw new UsageError(`${flag} cannot be combined with --${name}`);
    }
  }
}

export function parseTarget(url: string): Target {
  const normalised = parseUserUrl(url, "URL of hooks send");
  const parsed = new URL(normalised);
  return { url: normalised, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}

export interface SendDependencies {
  dispatcher?: Dispatcher;
  /**
   * Stops the run: nothing new is sent, the report is closed properly (Ctrl-C). A string reason
   * (`controller.abort("SIGINT")`) names what stopped it in the report.
   */
  signal?: AbortSignal;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Sends every notification of a prepared run and reports each one to the observer. */
export async function executeSend(
  prepared: PreparedSend,
  observer: SendObserver,
  deps: SendDependencies = {},
): Promise<SendSummary> {
  const now = deps.now ?? Date.now;
  const dispatcher =
    deps.dispatcher ??
    (await createDispatcher({
      connections: prepared.plan.concurrency,
      insecure: prepared.insecure,
    }));
  const startedAt = new Date(now()).toISOString();
  observer = maskReport(observer, prepared.secret === undefined ? [] : [prepared.secret]);
  observer.start(prepared.plan, startedAt);
  const context = {
    dispatcher,
    target: prepared.target,
    provider: prepared.provider,
    secret: prepared.secret,
    timeoutMs: prepared.plan.timeoutMs,
    deadlines: new Deadlines(prepared.plan.timeoutMs),
    retries: prepared.plan.retries,
    userHeaders: prepared.userHeaders,
    now,
    sleep: deps.sleep ?? ((ms: number) => sleep(ms)),
  };
  try {
    const summary = await runConcurrently(
      notifications(prepared.schedule, now),
      (notification) => deliver(notification, context),
      prepared.plan.concurrency,
      observer,
      startedAt,
      deps.signal,
    );
    if (deps.signal?.aborted) summary.cancelledBy = abortReason(deps.signal);
    await observer.end(summary);
    return summary;
  } finally {
    if (!deps.dispatcher) await dispatcher.destroy();
  }
}

function abortReason(signal: AbortSignal): string {
  return typeof signal.reason === "string" ? signal.reason : "the caller";
}
