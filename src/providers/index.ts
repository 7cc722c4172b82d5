import { UsageError } from "../errors.js";
import { standard } from "./standard.js";
import type { HeaderMap, Provider } from "./types.js";

/**
 * The registry. Order matters for detect(): providers with the most specific headers come first,
 * and the Standard Webhooks family (standard, up42) last since UP42 uses the same headers.
 */
const PROVIDERS: readonly Provider[] = [standard];

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

/** Guesses the provider from a request's (lower-case) headers. */
export function detectProvider(headers: HeaderMap): Provider | undefined {
  return PROVIDERS.find((provider) => provider.detect(headers));
}
