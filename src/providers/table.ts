import { UsageError } from "../errors.js";
import type { Provider } from "./types.js";

/**
 * The one list of providers, in the order `hooks providers` lists them: adding one is its file
 * (src/providers/<id>.ts, exporting the provider under its id), its samples/<id>.json and one line
 * here. Each line loads only its own module, so `hooks verify` reads one provider
 * (load-provider.ts) while the registry (index.ts) loads them all; the detection order is each
 * provider's detectPriority. test/providers/registry.test.ts checks ids, files and samples.
 */
const TABLE = {
  clover: () => import("./clover.js"),
  poynt: () => import("./poynt.js"),
  square: () => import("./square.js"),
  standard: () => import("./standard.js"),
  stripe: () => import("./stripe.js"),
  github: () => import("./github.js"),
  shopify: () => import("./shopify.js"),
  slack: () => import("./slack.js"),
  up42: () => import("./up42.js"),
};

export type ProviderId = keyof typeof TABLE;

/** A line whose module does not export a Provider named as its id does not type-check. */
const LOADERS: { readonly [Id in ProviderId]: () => Promise<Record<Id, Provider>> } = TABLE;

/** The ids alone: validating an id with these loads no provider. */
export const PROVIDER_IDS = Object.keys(LOADERS) as readonly ProviderId[];

export function isProviderId(id: string): id is ProviderId {
  return Object.hasOwn(LOADERS, id);
}

/** Loads one provider's module, and no other. */
export async function loadFromTable(id: ProviderId): Promise<Provider> {
  const load: () => Promise<Partial<Record<ProviderId, Provider>>> = LOADERS[id];
  const provider = (await load())[id];
  if (provider === undefined) throw new Error(`src/providers/${id}.ts exports no "${id}"`);
  return provider;
}

/** The usage error for an id that is not in the table, listing the known ones. */
export function unknownProvider(id: string): UsageError {
  return new UsageError(`unknown provider "${id}"; known providers: ${PROVIDER_IDS.join(", ")}`);
}
