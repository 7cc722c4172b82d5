import { resolveSigningSettings, type Settings } from "../config/resolve.js";
import { UsageError } from "../errors.js";
import { getProvider } from "../providers/index.js";
import type { Provider } from "../providers/types.js";
import { parseHeaderFlags, parseIntFlag } from "../util/input.js";
import { parseUserUrl } from "../util/url.js";
import type { Target } from "./deliver.js";
import type { Schedule } from "./notifications.js";
import { capturedSource, type CapturedOptions } from "./captured-source.js";
import { parseMessyFlags, planMessy, withMessy, type MessyPlan } from "./messy.js";
import { parseOverride } from "./overrides.js";
import { planFor } from "./plan-for.js";
import { signedEvents, verificationEvents, type EventsContext } from "./send-events.js";
import type { SendPlan } from "./types.js";

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
  /** `--api-version <v>`: the version Stripe's bodies and Shopify's headers say they are. */
  apiVersion?: string | undefined;
  /** `--wait <seconds>`: first wait for the target to accept connections (http/wait-for-port.ts). */
  wait?: string | undefined;
  /** `--samples <dir>`, `--from-store [<id>...]`, `--since`, `--store`: captured-source.ts. */
  samples?: CapturedOptions["samples"];
  fromStore?: CapturedOptions["fromStore"];
  since?: CapturedOptions["since"];
  store?: CapturedOptions["store"];
  /** `--duplicates`, `--shuffle`, `--jitter`, `--seed`: messy delivery (src/sender/messy.ts). */
  duplicates?: string | undefined;
  shuffle?: boolean | undefined;
  jitter?: string | undefined;
  seed?: string | undefined;
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
  /** `--wait`: how long to wait for the target to accept connections before sending. */
  waitMs?: number;
  /** Set by --duplicates, --shuffle or --jitter: the order and re-sends, drawn up front. */
  messy?: MessyPlan;
}

export const DEFAULT_CONCURRENCY = 10;

/** Checks every input (exit 2 on any mistake) before a single request goes out. */
export async function prepareSend(options: SendOptions): Promise<PreparedSend> {
  const limits = parseLimits(options);
  const messyOptions = parseMessyFlags(options);
  const userHeaders = parseHeaderFlags(options.header);
  const overrides = (options.set ?? []).map(parseOverride);
  const { url, code } = takeVerificationUrl(options);
  const verification = code !== undefined && code !== false;
  const destination = await resolveDestination({ ...options, url }, verification);
  const { target, settings } = destination;
  // --samples / --from-store: the files or the records name the provider.
  const captured = await capturedSource(options, settings);
  const provider = captured?.provider ?? destination.provider;
  const timeoutMs = deliveryLimit(options, provider);
  const events: EventsContext = {
    ...options,
    ...limits,
    provider,
    settings,
    overrides,
    userHeaders,
  };
  const { factories, secret } = captured
    ? captured.events(events)
    : verification
      ? verificationEvents(events, code as string | true)
      : await signedEvents(events);
  const schedule: Schedule = { factories, count: limits.count, batch: limits.batch };
  const prepared: PreparedSend = {
    plan: planFor({ ...limits, provider, target, timeoutMs, schedule, secret }),
    schedule,
    provider,
    secret,
    target,
    userHeaders,
    insecure: Boolean(options.insecure),
  };
  if (options.wait !== undefined) {
    prepared.waitMs = parseIntFlag("--wait", options.wait, { min: 1, max: 3600 }) * 1000;
  }
  if (messyOptions) withMessy(prepared, planMessy(prepared.plan.total, messyOptions));
  return prepared;
}

export interface Limits {
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

export function parseTarget(url: string): Target {
  const normalised = parseUserUrl(url, "URL of hooks send");
  const parsed = new URL(normalised);
  return { url: normalised, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}
