import { loadFromTable, PROVIDER_IDS, unknownProvider } from "./table.js";
import type { HeaderMap, Provider } from "./types.js";

/**
 * The registry: every provider of the table, loaded once when this module is imported so that
 * the lookups below stay synchronous. `hooks verify` does not import it (see load-provider.ts).
 */
const PROVIDERS: readonly Provider[] = await Promise.all(PROVIDER_IDS.map(loadFromTable));

/** detect() is tried by priority; Array.prototype.sort is stable, so ties keep the table order. */
const DETECT_ORDER: readonly Provider[] = [...PROVIDERS].sort(
  (a, b) => a.detectPriority - b.detectPriority,
);

export function listProviders(): readonly Provider[] {
  return PROVIDERS;
}

export function findProvider(id: string): Provider | undefined {
  const key = id.toLowerCase();
  return PROVIDERS.find((provider) => provider.id === key);
}

/** Looks up a provider by id; an unknown id is a usage error that lists the known ones. */
export function getProvider(id: string): Provider {
  const provider = findProvider(id);
  if (!provider) throw unknownProvider(id);
  return provider;
}

/**
 * Guesses the provider from a request's (lower-case) headers and, when given, its parsed body.
 */
export function detectProvider(headers: HeaderMap, json?: unknown): Provider | undefined {
  return DETECT_ORDER.find((provider) => provider.detect(headers, json));
}
