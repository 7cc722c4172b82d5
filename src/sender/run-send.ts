import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Dispatcher } from "undici";
import { requireSecrets } from "../config/secrets.js";
import { UsageError } from "../errors.js";
import { loadCatalog, type SampleEvent } from "../providers/catalog.js";
import { getProvider } from "../providers/index.js";
import type { Provider } from "../providers/types.js";
import { parseHeaderFlags } from "../util/input.js";
import { parseIntFlag, readPayload } from "../util/input.js";
import { tryParseJson } from "../util/json.js";
import { maskSecret } from "../util/secrets.js";
import { deliver, type Target } from "./deliver.js";
import { createDispatcher } from "../http/dispatcher.js";
import { runConcurrently } from "./engine.js";
import { countNotifications, notifications, type Schedule } from "./notifications.js";
import { parseOverride } from "./overrides.js";
import { findEvent } from "./resolve-events.js";
import {
  assertBatchable,
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
  const count = parseIntFlag("--count", options.count ?? "1", { min: 1 });
  const batch = parseIntFlag("--batch", options.batch ?? "1", { min: 1, max: 1_000_000 });
  const concurrency = parseIntFlag(
    "--concurrency",
    options.concurrency ?? String(DEFAULT_CONCURRENCY),
    {
      min: 1,
      max: 1000,
    },
  );
  const retries = parseIntFlag("--retries", options.retries ?? "0", { min: 0, max: 20 });
  const userHeaders = parseHeaderFlags(options.header);
  const overrides = (options.set ?? []).map(parseOverride);

  let url = options.url;
  let code = options.verificationCode;
  // `hooks send --verification-code https://…` would otherwise read the URL as the code.
  if (url === undefined && typeof code === "string" && /^https?:\/\//i.test(code)) {
    url = code;
    code = true;
  }
  let providerId = options.provider;
  if (url === undefined || providerId === undefined) {
    // Flag, then HOOKS_URL / HOOKS_PROVIDER, then the profile (src/config/resolve.ts).
    const { resolveSettings } = await import("../config/resolve.js");
    const settings = await resolveSettings({ profile: options.profile });
    url ??= settings.url;
    providerId ??= settings.provider;
  }
  if (url === undefined) {
    throw new UsageError(
      "missing <url>: give the URL to send to (hooks send https://example.com/webhooks), or save one with `hooks config set url <url>`",
    );
  }
  const target = parseTarget(url);
  const provider = getProvider(providerId ?? "standard");
  const timeoutMs =
    options.timeout === undefined
      ? provider.timeoutMs
      : parseIntFlag("--timeout", options.timeout, { min: 1, max: 3_600_000 });
  const catalog = loadCatalog(provider.id);
  const factoryOptions: FactoryOptions = { overrides, userHeaders };

  let factories: EventFactory[];
  let secret: string | undefined;
  if (code !== undefined && code !== false) {
    if (provider.id !== "clover") {
      throw new UsageError(
        `--verification-code is Clover's verification POST; add --provider clover (got ${provider.id})`,
      );
    }
    rejectWith("--verification-code", { payload: options.payload, set: overrides.length });
    factories = [
      verificationFactory(typeof code === "string" ? code : randomUUID(), catalog.events[0], {
        overrides: [],
        userHeaders,
      }),
    ];
  } else {
    [secret] = await requireSecrets(
      { flags: options.secret, profile: options.profile },
      provider.id,
    );
    if (options.payload !== undefined) {
      rejectWith("--payload", { set: overrides.length, batch: batch > 1 ? 1 : 0 });
      if ((options.event?.length ?? 0) > 1) {
        throw new UsageError("--payload sends one body: give at most one --event");
      }
      const bytes = await readPayload(options.payload);
      const json = tryParseJson(bytes.toString("utf8"));
      const named = options.event?.[0] ?? provider.eventType({}, json);
      let sample: SampleEvent | undefined;
      if (options.event?.[0] !== undefined) sample = findEvent(catalog, options.event[0]);
      else sample = catalog.events.find((event) => event.name === named);
      const bodyId = provider.eventId({}, json);
      factories = [payloadFactory(bytes, named ?? "payload", sample, bodyId, factoryOptions)];
    } else {
      if (catalog.events.length === 0) {
        throw new UsageError(
          `no sample events for ${provider.id} yet; send your own body with --payload <file|->`,
        );
      }
      const samples = options.event?.length
        ? options.event.map((name) => findEvent(catalog, name))
        : catalog.events;
      factories = samples.map((sample) => compileEvent(sample, factoryOptions));
      assertBatchable(factories, batch);
    }
  }

  const schedule: Schedule = { factories, count, batch };
  return {
    plan: {
      provider: provider.id,
      url: target.url,
      total: countNotifications(schedule),
      timeoutMs,
      concurrency,
      retries,
      eventWidth: Math.min(30, Math.max(...factories.map((factory) => factory.event.length))),
      secret: secret === undefined ? null : maskSecret(secret),
    },
    schedule,
    provider,
    secret,
    target,
    userHeaders,
    insecure: Boolean(options.insecure),
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
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`invalid URL "${url}": expected http(s)://host[:port]/path`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UsageError(
      `invalid URL "${url}": only http:// and https:// URLs can receive webhooks`,
    );
  }
  return { url, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}

export interface SendDependencies {
  dispatcher?: Dispatcher;
  /** Stops the run: nothing new is sent, the report is closed properly (Ctrl-C). */
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
  observer.start(prepared.plan, startedAt);
  const context = {
    dispatcher,
    target: prepared.target,
    provider: prepared.provider,
    secret: prepared.secret,
    timeoutMs: prepared.plan.timeoutMs,
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
    await observer.end(summary);
    return summary;
  } finally {
    if (!deps.dispatcher) await dispatcher.destroy();
  }
}
