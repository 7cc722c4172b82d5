import type { ApiContext, WebhookApi } from "./types.js";

// Placeholder until the shopify client lands.
export function createShopifyApi(_context: ApiContext): WebhookApi {
  throw new Error("the shopify API client is not built yet");
}
