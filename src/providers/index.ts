import { UsageError } from "../errors.js";
import { clover } from "./clover.js";
import { github } from "./github.js";
import { poynt } from "./poynt.js";
import { shopify } from "./shopify.js";
import { slack } from "./slack.js";
import { square } from "./square.js";
import { standard } from "./standard.js";
import { stripe } from "./stripe.js";
import type { HeaderMap, Provider } from "./types.js";
import { looksLikeUp42, up42 } from "./up42.js";

/** The registry, in the order `hooks providers` lists them (the contract's table). */
const PROVIDERS: readonly Provider[] = [
  clover,
  poynt,
  square,
  standard,
  stripe,
  github,
  shopify,
  slack,
  up42,
];

/**
 * The order detect() is tried in: providers with their own, specific headers first, the Standard
 * Webhooks family last. UP42 sends the same webhook-* headers as `standard` and is not in the
 * list: detectProvider names it instead of `standard` on a clear hint (see looksLikeUp42).
 */
const DETECT_ORDER: readonly Provider[] = [
  square,
  github,
  shopify,
  stripe,
  slack,
  poynt,
  clover,
  standard,
];

export function listProviders(): readonly Provider[] {
  return PROVIDERS;
}

export function findProvider(id: string): Provider | undefined {
  return PROVIDERS.find((provider) => provider.id === id.toLowerCase());
}

/** Looks up a provider by id; an unknown id is a usage error that lists the known ones. */
export function getProvider(id: string): Provider {
  const provider = findProvider(id);
  if (!provider) {
    throw new UsageError(
      `unknown provider "${id}"; known providers: ${PROVIDERS.map((p) => p.id).join(", ")}`,
    );
  }
  return provider;
}

/**
 * Guesses the provider from a request's (lower-case) headers and, when given, its parsed body.
 * webhook-* headers mean `standard` unless the User-Agent or the body's event name says UP42:
 * both use Standard Webhooks, and a wrong "UP42" would mislabel every other Standard sender.
 */
export function detectProvider(headers: HeaderMap, json?: unknown): Provider | undefined {
  // Runs for every request the listener gets: one pass, and the UP42 hint looked for only once.
  for (const provider of DETECT_ORDER) {
    if (provider.detect(headers)) {
      return provider === standard && looksLikeUp42(headers, json) ? up42 : provider;
    }
  }
  return undefined;
}
