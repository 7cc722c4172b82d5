import { UsageError } from "../errors.js";
import { maskSecret } from "../util/secrets.js";
import { providerError } from "./api-error.js";
import type { ApiContext } from "./types.js";

// How the Shopify client talks to the Admin GraphQL API: one POST endpoint per shop and API
// version, the access token in X-Shopify-Access-Token, and answers that are HTTP 200 even when
// they fail. A failure then sits in top-level `errors` (a bad query, THROTTLED by the cost-based
// leaky bucket) or, for a mutation, in its `userErrors`: both become provider errors here.

/** Pinned: Shopify keeps a version for a year; the newest stable one as of this client. */
export const SHOPIFY_API_VERSION = "2026-07";
const SHOP = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;
/** THROTTLED is retried this often before its error is handed on. */
const THROTTLE_RETRIES = 4;
const MAX_WAIT_MS = 10_000;

export type Gql = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export interface UserError {
  field: string[] | null;
  message: string;
}

export interface GqlOptions {
  /** Injected for tests: how THROTTLED waits. */
  sleep?: (ms: number) => Promise<void>;
}

export function createGql(context: ApiContext, options: GqlOptions = {}): Gql {
  const token = context.credentials.token ?? "";
  if (token.length === 0)
    throw new UsageError("shopify: no access token (set SHOPIFY_ACCESS_TOKEN)");
  const shop = context.target.shop;
  if (shop === undefined || shop.length === 0) {
    throw new UsageError("shopify: which shop? pass --shop <name>.myshopify.com");
  }
  if (!SHOP.test(shop)) {
    throw new UsageError(`shopify: --shop must be <name>.myshopify.com, not "${shop}"`);
  }
  // --api-url stands for the shop's host; the path stays Shopify's.
  const origin = (context.apiUrl ?? `https://${shop}`).replace(/\/+$/, "");
  const url = `${origin}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));

  return async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      const response = await context.http({
        method: "POST",
        url,
        headers: { "x-shopify-access-token": token },
        json: { query, variables },
      });
      const body = isObject(response.json) ? response.json : {};
      if (response.status !== 200) {
        const words =
          errorWords(body.errors) ?? (response.text.slice(0, 200).trim() || "(empty body)");
        throw providerError("shopify", response.status, words.split(token).join(maskSecret(token)));
      }
      if (Array.isArray(body.errors) && body.errors.length > 0) {
        const errors = body.errors.filter(isObject);
        const throttled = errors.some((error) => codeOf(error) === "THROTTLED");
        if (throttled && attempt < THROTTLE_RETRIES) {
          await sleep(throttleWaitMs(body.extensions, attempt));
          continue;
        }
        throw providerError("shopify", statusFor(errors), errorWords(errors) ?? "GraphQL error");
      }
      if (!isObject(body.data)) throw providerError("shopify", 502, "answer without data");
      return body.data as T;
    }
  };
}

/** A mutation's userErrors: HTTP 200, but refused (422 by meaning: the input was understood and refused). */
export function checkUserErrors(
  /** What the mutation was about (a topic, a gid), put before Shopify's words. */
  subject: string,
  payload: { userErrors?: UserError[] } | null,
): void {
  const errors = payload?.userErrors ?? [];
  if (payload !== null && errors.length === 0) return;
  const words = errors.length === 0 ? "the mutation answered nothing" : userErrorWords(errors);
  throw providerError("shopify", 422, `${subject}: ${words}`);
}

export function userErrorWords(errors: UserError[]): string {
  return errors
    .map((error) =>
      error.field?.length ? `${error.field.join(".")}: ${error.message}` : error.message,
    )
    .join("; ");
}

/**
 * How long to wait on THROTTLED: what the bucket lacks for the query's cost at its restore rate
 * (extensions.cost, in every answer), else doubling from 1 s.
 */
function throttleWaitMs(extensions: unknown, attempt: number): number {
  const cost = isObject(extensions) && isObject(extensions.cost) ? extensions.cost : {};
  const status = isObject(cost.throttleStatus) ? cost.throttleStatus : {};
  const requested = Number(cost.requestedQueryCost);
  const available = Number(status.currentlyAvailable);
  const rate = Number(status.restoreRate);
  if ([requested, available, rate].every(Number.isFinite) && rate > 0) {
    return Math.min(Math.max(Math.ceil(((requested - available) / rate) * 1000), 100), MAX_WAIT_MS);
  }
  return Math.min(1000 * 2 ** attempt, MAX_WAIT_MS);
}

function statusFor(errors: Record<string, unknown>[]): number {
  const codes = errors.map(codeOf);
  if (codes.includes("THROTTLED")) return 429;
  if (codes.includes("ACCESS_DENIED")) return 403;
  if (codes.includes("INTERNAL_SERVER_ERROR")) return 500;
  return 400;
}

/** `errors` as Shopify writes it: a string (`[API] Invalid API key…`), an object, or a list. */
function errorWords(errors: unknown): string | undefined {
  if (typeof errors === "string") return errors;
  if (Array.isArray(errors)) {
    const words = errors.filter(isObject).map((error) => {
      const code = codeOf(error);
      const message = typeof error.message === "string" ? error.message : JSON.stringify(error);
      return code === undefined ? message : `${code}: ${message}`;
    });
    return words.length > 0 ? words.join("; ") : undefined;
  }
  if (isObject(errors)) {
    return Object.entries(errors)
      .map(([key, value]) => `${key}: ${String(value)}`)
      .join("; ");
  }
  return undefined;
}

function codeOf(error: Record<string, unknown>): string | undefined {
  const code = isObject(error.extensions) ? error.extensions.code : undefined;
  return typeof code === "string" ? code : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
