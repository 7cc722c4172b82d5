import type { ApiContext, WebhookApi } from "./types.js";

// Placeholder until the square client lands.
export function createSquareApi(_context: ApiContext): WebhookApi {
  throw new Error("the square API client is not built yet");
}
