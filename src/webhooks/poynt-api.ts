import type { ApiContext, WebhookApi } from "./types.js";

// Placeholder until the poynt client lands.
export function createPoyntApi(_context: ApiContext): WebhookApi {
  throw new Error("the poynt API client is not built yet");
}
