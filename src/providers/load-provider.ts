import { isProviderId, loadFromTable, unknownProvider } from "./table.js";
import type { Provider } from "./types.js";

/**
 * Loads one provider's module only. `hooks verify --provider <id>` runs in scripts and CI loops
 * and must start within 1.3x of bare node (npm run bench); importing the whole registry
 * (src/providers/index.ts) costs about 1 ms a module.
 */
export async function loadProvider(id: string): Promise<Provider> {
  const key = id.toLowerCase();
  if (!isProviderId(key)) throw unknownProvider(id);
  return loadFromTable(key);
}
