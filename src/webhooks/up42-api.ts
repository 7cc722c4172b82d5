import type { ApiContext, WebhookApi } from "./types.js";

// Placeholder until the up42 client lands.
export function createUp42Api(_context: ApiContext): WebhookApi {
  throw new Error("the up42 API client is not built yet");
}
