import type { ApiContext, WebhookApi } from "./types.js";

// Placeholder until the github client lands.
export function createGithubApi(_context: ApiContext): WebhookApi {
  throw new Error("the github API client is not built yet");
}
