import { randomUUID } from "node:crypto";
import { requireSecrets, type Settings } from "../config/resolve.js";
import { UsageError } from "../errors.js";
import { loadCatalog, type SampleEvent } from "../providers/catalog.js";
import type { Provider } from "../providers/types.js";
import { readPayload } from "../util/input.js";
import { tryParseJson } from "../util/json.js";
import { apiVersionFor, withApiVersion } from "./api-version.js";
import { assertBatchable } from "./batch-check.js";
import type { Limits, SendOptions } from "./prepare-send.js";
import { findEvent } from "./resolve-events.js";
import { receiverName, withEventName } from "./event-name.js";
import {
  compileEvent,
  payloadFactory,
  verificationFactory,
  type EventFactory,
  type FactoryOptions,
} from "./samples.js";

/** What the event steps need: the flags that pick and shape the bodies. */
export type EventsContext = Pick<SendOptions, "event" | "payload" | "apiVersion"> &
  Pick<Limits, "batch"> &
  FactoryOptions & { provider: Provider; settings: Settings };

interface Events {
  factories: EventFactory[];
  /** Undefined for Clover's verification POST, which is unsigned. */
  secret: string | undefined;
}

/** `--verification-code`: Clover's verification POST, alone, unsigned. */
export function verificationEvents(
  ctx: Pick<EventsContext, "provider" | "payload" | "overrides" | "userHeaders" | "apiVersion">,
  code: string | true,
): Events {
  const { provider } = ctx;
  if (provider.id !== "clover") {
    throw new UsageError(
      `--verification-code is Clover's verification POST; add --provider clover (got ${provider.id})`,
    );
  }
  rejectWith("--verification-code", {
    payload: ctx.payload,
    set: ctx.overrides.length,
    "api-version": ctx.apiVersion,
  });
  const sample = loadCatalog(provider.id).events[0];
  const factory = verificationFactory(typeof code === "string" ? code : randomUUID(), sample, {
    overrides: [],
    userHeaders: ctx.userHeaders,
  });
  return { factories: [factory], secret: undefined };
}

/** Events signed with the secret: the given `--payload`, else the catalog's samples. */
export async function signedEvents(ctx: EventsContext): Promise<Events> {
  const [secret] = requireSecrets(ctx.settings, ctx.provider.id);
  checkSecret(ctx.provider, secret as string);
  const factories = (
    ctx.payload !== undefined
      ? [await payloadEvent({ ...ctx, payload: ctx.payload })]
      : sampleEvents(ctx)
  ).map((factory) => withEventName(factory, ctx.provider));
  return { factories, secret };
}

/** `--payload`: the bytes as they are, with the headers of `--event` or of the event they name. */
async function payloadEvent(
  ctx: Pick<
    EventsContext,
    "provider" | "event" | "batch" | "overrides" | "userHeaders" | "apiVersion"
  > & { payload: string },
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
  if (event?.[0] !== undefined) {
    sample = findEvent(catalog, event[0], (each) => receiverName(each, provider));
  } else sample = catalog.events.find((entry) => entry.name === named);
  if (ctx.apiVersion !== undefined) {
    const spec = apiVersionFor(catalog, ctx.apiVersion);
    if (spec.field !== undefined) {
      throw new UsageError(
        `--api-version sets the ${spec.field} of ${provider.name}'s sample bodies, and --payload sends its bytes as they are: set it in the payload`,
      );
    }
    const headersOf = sample ?? { name: named ?? "payload", description: "", headers: {} };
    sample = withApiVersion(headersOf, spec, ctx.apiVersion);
  }
  const bodyId = provider.eventId({}, json);
  return payloadFactory(bytes, named ?? "payload", sample, bodyId, ctx);
}

/** The catalog's sample events: those named by `--event`, else one of each (a smoke suite). */
function sampleEvents(
  ctx: Pick<
    EventsContext,
    "provider" | "event" | "batch" | "overrides" | "userHeaders" | "apiVersion"
  >,
): EventFactory[] {
  const catalog = loadCatalog(ctx.provider.id);
  if (catalog.events.length === 0) {
    throw new UsageError(
      `no sample events for ${ctx.provider.id} yet; send your own body with --payload <file|->`,
    );
  }
  let samples = ctx.event?.length
    ? ctx.event.map((name) => findEvent(catalog, name, (each) => receiverName(each, ctx.provider)))
    : catalog.events;
  const version = ctx.apiVersion;
  if (version !== undefined) {
    const spec = apiVersionFor(catalog, version);
    samples = samples.map((sample) => withApiVersion(sample, spec, version));
  }
  const factories = samples.map((sample) => compileEvent(sample, ctx));
  assertBatchable(ctx.provider.id, factories, ctx.batch);
  return factories;
}

function rejectWith(flag: string, others: Record<string, string | number | undefined>): void {
  for (const [name, value] of Object.entries(others)) {
    if (value !== undefined && value !== 0) {
      throw new UsageError(`${flag} cannot be combined with --${name}`);
    }
  }
}

/**
 * Signs once before anything is sent, so that a secret the scheme refuses (Standard Webhooks
 * keys are base64) is a usage error up front rather than a failure of every delivery.
 */
export function checkSecret(provider: Provider, secret: string): void {
  provider.sign({
    body: Buffer.alloc(0),
    secret,
    url: "https://hooks.invalid/",
    id: "check",
    timestamp: 0,
  });
}
