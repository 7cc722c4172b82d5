import {
  resolveApiProvider,
  resolveApiSettings,
  type ApiFlags,
  type ApiSettings,
} from "../config/resolve-api.js";
import { UsageError } from "../errors.js";
import { createApiHttp, type ApiHttpOptions } from "./api-http.js";
import { API_SPECS, type ApiSpec } from "./api-table.js";
import { Registry, scopeOf } from "./registry.js";
import type { WebhookApi } from "./types.js";
import { randomUUID } from "node:crypto";

export type Capability = keyof ApiSpec["capabilities"];

/** One provider's client, ready to use, with where its subscriptions live and the registry. */
export interface OpenApi {
  api: WebhookApi;
  settings: ApiSettings;
  /** The registry key of where these subscriptions live (src/webhooks/registry.ts scopeOf). */
  scope: string;
  registry: Registry;
}

const CAPABILITY_WORDS: Record<Capability, string> = {
  test: "test deliveries",
  rotate: "key rotation",
  deliveries: "delivery log",
};

/**
 * Resolves the provider first, so that a subcommand it cannot do (`deliveries` on Stripe), or
 * Clover, fails before any credential is asked for; then credentials, targets and the client.
 */
export async function openApi(
  flags: ApiFlags,
  needs?: Capability,
  http: ApiHttpOptions = {},
): Promise<OpenApi> {
  const { spec } = await resolveApiProvider(flags);
  if (needs && !spec.capabilities[needs]) {
    const having = Object.values(API_SPECS)
      .filter((other) => other.capabilities[needs])
      .map((other) => other.provider);
    throw new UsageError(
      `the ${spec.label} has no ${CAPABILITY_WORDS[needs]}; hooks webhooks ${needs === "deliveries" ? "deliveries/redeliver" : needs} works with ${having.join(", ")}`,
    );
  }
  const settings = await resolveApiSettings(flags);
  const create = await spec.load();
  const api = create({
    credentials: settings.credentials,
    apiUrl: settings.apiUrl,
    environment: settings.environment,
    target: settings.target,
    live: settings.live,
    http: await createApiHttp(http),
    clock: Date.now,
    newId: randomUUID,
  });
  return { api, settings, scope: scopeOf(settings), registry: new Registry() };
}
