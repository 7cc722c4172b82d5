import { readFileSync } from "node:fs";

/** One sample event of a provider's catalog (src/providers/samples/<id>.json). */
export interface SampleEvent {
  name: string;
  description: string;
  /** Extra headers the real sender puts on this event (templated like the body). */
  headers?: Record<string, string>;
  /** The body template; see src/sender for how placeholders are filled. */
  body?: unknown;
}

export interface SampleCatalog {
  provider: string;
  events: SampleEvent[];
}

const cache = new Map<string, SampleCatalog>();

/** Loads a provider's sample catalog; read lazily so that `hooks verify` never pays for it. */
export function loadCatalog(providerId: string): SampleCatalog {
  let catalog = cache.get(providerId);
  if (!catalog) {
    const file = new URL(`./samples/${providerId}.json`, import.meta.url);
    try {
      catalog = JSON.parse(readFileSync(file, "utf8")) as SampleCatalog;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      catalog = { provider: providerId, events: [] };
    }
    cache.set(providerId, catalog);
  }
  return catalog;
}

export function listEvents(providerId: string): { name: string; description: string }[] {
  return loadCatalog(providerId).events.map(({ name, description }) => ({ name, description }));
}
