import { providerError } from "./api-error.js";
import type { ApiRequest, ApiResponse } from "./api-http.js";
import type { ApiContext } from "./types.js";

// How the UP42 client gets and keeps its access: a password grant at UP42's Keycloak (the token
// lives 300 s), the workspace id from userinfo's `sub` (what the UP42 SDK does), and every API
// request sent with a Bearer token that is renewed before it runs out. Kept apart from the
// operations in up42-api.ts.

const DEFAULT_API = "https://api.up42.com";
const DEFAULT_AUTH = "https://auth.up42.com/realms/public/protocol/openid-connect";
/** Where Keycloak's endpoints sit under a host: the same path under `--api-url`. */
const OIDC_PATH = "/realms/public/protocol/openid-connect";
const CLIENT_ID = "up42-api";
/** The UP42 SDK renews a token 30 s before it expires, so a request never carries a dying one. */
const RENEW_BEFORE_MS = 30_000;

export interface Up42Hosts {
  api: string;
  /** The OpenID Connect base: `<base>/token`, `<base>/userinfo`. */
  auth: string;
}

/** `--api-url` replaces both hosts: the API at its root, Keycloak under OIDC_PATH. */
export function up42Hosts(apiUrl: string | undefined): Up42Hosts {
  if (apiUrl === undefined) return { api: DEFAULT_API, auth: DEFAULT_AUTH };
  const base = apiUrl.replace(/\/+$/, "");
  return { api: base, auth: `${base}${OIDC_PATH}` };
}

export interface Up42Session {
  hosts: Up42Hosts;
  /** The workspace the credentials belong to, asked once. */
  workspaceId(): Promise<string>;
  /** An API request with the Bearer token; a 2xx answer, or the provider's error. */
  send(request: ApiRequest): Promise<ApiResponse>;
}

export function createUp42Session(context: ApiContext): Up42Session {
  const hosts = up42Hosts(context.apiUrl);
  let token: { value: string; expiresAt: number } | undefined;
  let workspace: Promise<string> | undefined;

  async function accessToken(renew: boolean): Promise<string> {
    if (!renew && token !== undefined && token.expiresAt - context.clock() >= RENEW_BEFORE_MS) {
      return token.value;
    }
    token = await passwordGrant(context, hosts);
    return token.value;
  }

  /** Sends with the current token; a 401 saying the token expired gets one new token and one retry. */
  async function authorized(request: ApiRequest): Promise<ApiResponse> {
    let response = await context.http(withBearer(request, await accessToken(false)));
    if (response.status === 401 && saysTokenExpired(response)) {
      response = await context.http(withBearer(request, await accessToken(true)));
    }
    return response;
  }

  return {
    hosts,
    workspaceId() {
      workspace ??= userinfoSub(authorized, hosts).catch((error: unknown) => {
        // A failed look-up is not remembered: the next call asks again.
        workspace = undefined;
        throw error;
      });
      return workspace;
    },
    async send(request) {
      const response = await authorized(request);
      if (response.status >= 200 && response.status < 300) return response;
      throw providerError("up42", response.status, up42Words(response));
    },
  };
}

async function passwordGrant(
  context: ApiContext,
  hosts: Up42Hosts,
): Promise<{ value: string; expiresAt: number }> {
  const response = await context.http({
    method: "POST",
    url: `${hosts.auth}/token`,
    form: [
      ["grant_type", "password"],
      ["username", context.credentials.username ?? ""],
      ["password", context.credentials.password ?? ""],
      ["client_id", CLIENT_ID],
    ],
  });
  const body = asRecord(response.json);
  const value = body?.access_token;
  if (response.status !== 200 || typeof value !== "string" || value.length === 0) {
    throw providerError(
      "up42",
      response.status === 200 ? 502 : response.status,
      up42Words(response),
    );
  }
  // Keycloak says how long the token lives; 300 s is UP42's documented lifetime when it does not.
  const seconds = typeof body?.expires_in === "number" ? body.expires_in : 300;
  return { value, expiresAt: context.clock() + seconds * 1000 };
}

async function userinfoSub(
  authorized: (request: ApiRequest) => Promise<ApiResponse>,
  hosts: Up42Hosts,
): Promise<string> {
  const response = await authorized({ method: "GET", url: `${hosts.auth}/userinfo` });
  const sub = asRecord(response.json)?.sub;
  if (response.status === 200 && typeof sub === "string" && sub.length > 0) return sub;
  const status = response.status === 200 ? 502 : response.status;
  const words =
    response.status === 200 ? "userinfo carries no sub (workspace id)" : up42Words(response);
  throw providerError("up42", status, words);
}

function withBearer(request: ApiRequest, token: string): ApiRequest {
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}

/**
 * UP42 answers an expired token with `UNAUTHORIZED` and the message `ACCESS_TOKEN_EXPIRED: JWT
 * expired at …`; Keycloak's userinfo with `WWW-Authenticate: Bearer error="invalid_token",
 * error_description="Token expired"`-like words. Any other 401 (a revoked or foreign token) is not
 * cured by a new token and is not retried.
 */
function saysTokenExpired(response: ApiResponse): boolean {
  const challenge = response.headers["www-authenticate"];
  const texts = [
    up42Words(response),
    ...(Array.isArray(challenge) ? challenge : [challenge ?? ""]),
  ];
  return texts.some((text) => /expired/i.test(text));
}

/**
 * The provider's own words for a failed answer: UP42's envelope `{"error":{"code","message"}}`,
 * Keycloak's `{"error","error_description"}`, else the start of the body.
 */
export function up42Words(response: ApiResponse): string {
  const body = asRecord(response.json);
  const error = body?.error;
  const envelope = asRecord(error);
  if (envelope !== undefined) {
    const code = typeof envelope.code === "string" ? envelope.code : "ERROR";
    return typeof envelope.message === "string" ? `${code}: ${envelope.message.trim()}` : code;
  }
  if (typeof error === "string") {
    const description = body?.error_description;
    return typeof description === "string" ? `${error}: ${description}` : error;
  }
  const text = response.text.trim().split("\n")[0]?.slice(0, 200) ?? "";
  return text.length > 0 ? text : "no error message";
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
