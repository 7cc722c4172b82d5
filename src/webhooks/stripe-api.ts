import type { ApiContext, WebhookApi } from "./types.js";

// Placeholder until the stripe client lands.
export function createStripeApi(_context: ApiContext): WebhookApi {
  throw new Error("the stripe API client is not built yet");
}
