import type { Provider } from "./types.js";

/**
 * Loads one provider's module only. `hooks verify --provider <id>` runs in scripts and CI loops
 * and must start within 1.3x of bare node (npm run bench); importing the whole registry
 * (src/providers/index.ts) costs about 1 ms a module. The registry stays the one list of
 * providers: test/providers/registry.test.ts checks that both agree.
 */
const LOADERS: Readonly<Record<string, () => Promise<Provider>>> = {
  clover: async () => (await import("./clover.js")).clover,
  poynt: async () => (await import("./poynt.js")).poynt,
  square: async () => (await import("./square.js")).square,
  standard: async () => (await import("./standard.js")).standard,
  stripe: async () => (await import("./stripe.js")).stripe,
  github: async () => (await import("./github.js")).github,
  shopify: async () => (await import("./shopify.js")).shopify,
  slack: async () => (await import("./slack.js")).slack,
  up42: async () => (await import("./up42.js")).up42,
};

/** The ids loadProvider can load alone (the registry's test checks it names them all). */
export const LAZY_IDS: readonly string[] = Object.keys(LOADERS);

/** Like getProvider, without loading the others; an unknown id is the registry's usage error. */
export async function loadProvider(id: string): Promise<Provider> {
  const load = Object.hasOwn(LOADERS, id.toLowerCase()) ? LOADERS[id.toLowerCase()] : undefined;
  if (load) return load();
  const { getProvider } = await import("./index.js");
  return getProvider(id);
}
