import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { fileError } from "../util/file-error.js";
import { providerError } from "./api-error.js";
import type { ApiRequest, ApiResponse } from "./api-http.js";
import type { ApiContext } from "./types.js";

// How hooks talks to Poynt: the app proves itself with a JWT it signs with its own private key
// (RS256, the PEM downloaded from poynt.net), trades it at POST /token for an access token, and
// sends that token, `api-version: 1.2` and a fresh `Poynt-Request-Id` (Poynt's idempotency key:
// a POST that reuses one is refused) on every call.

export const POYNT_HOST = "https://services.poynt.net";
const API_VERSION = "1.2";
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/** Poynt's docs sign the assertion for five minutes; it is used once, at /token. */
const ASSERTION_LIFETIME_SEC = 300;
/** Poynt's SDKs sign a new assertion when the access token has less than this left. */
const RENEW_BEFORE_MS = 60_000;
const KEY_FIX =
  "set POYNT_PRIVATE_KEY to the path of the app's private key PEM (downloaded from poynt.net)";

export type PoyntCall = (
  method: ApiRequest["method"],
  path: string,
  json?: unknown,
) => Promise<ApiResponse>;

/** Poynt's ErrorInfo in its own words: `INVALID_ACCESS_TOKEN: Invalid access token`. */
export function poyntWords(response: ApiResponse): string {
  const info = response.json as
    { code?: unknown; message?: unknown; developerMessage?: unknown } | undefined;
  const code = typeof info?.code === "string" ? info.code : undefined;
  const message = typeof info?.message === "string" ? info.message : undefined;
  const detail = typeof info?.developerMessage === "string" ? info.developerMessage : undefined;
  if (code === undefined && message === undefined) {
    const text = response.text.trim().slice(0, 200);
    return text.length > 0 ? `unexpected answer: ${text}` : "no error body";
  }
  const words = [code, message].filter((part) => part !== undefined).join(": ");
  return detail !== undefined && detail !== message ? `${words} (${detail})` : words;
}

export function poyntError(response: ApiResponse, prefix = ""): Error {
  return providerError("poynt", response.status, `${prefix}${poyntWords(response)}`);
}

/** The app's RSA private key from the PEM file at `path`, or a one-line UsageError saying why not. */
export async function loadPrivateKey(path: string): Promise<KeyObject> {
  let pem: string;
  try {
    pem = await readFile(path, "utf8");
  } catch (error) {
    throw fileError("read the Poynt private key", path, error, KEY_FIX);
  }
  const bad = (what: string) => new UsageError(`the Poynt private key ${path} ${what}; ${KEY_FIX}`);
  if (!pem.includes("-----BEGIN ")) throw bad("is not a PEM file (no -----BEGIN line)");
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    if (pem.includes("ENCRYPTED"))
      throw bad("is encrypted with a passphrase, which hooks cannot ask for");
    if (!pem.includes("PRIVATE KEY"))
      throw bad("holds a public key or certificate, not the private key");
    throw bad("holds no private key Node can read");
  }
  if (key.asymmetricKeyType !== "rsa") {
    throw bad(
      `is an ${key.asymmetricKeyType ?? "unknown"} key, but Poynt takes RS256 (RSA) assertions`,
    );
  }
  return key;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/**
 * The self-signed assertion Poynt's /token takes. Poynt's docs give iat/exp in seconds, five
 * minutes apart; both official SDKs send milliseconds a year apart, which the server tolerates,
 * but seconds are what a JWT means (RFC 7519 NumericDate).
 */
export function signAssertion(
  key: KeyObject,
  applicationId: string,
  audience: string,
  nowMs: number,
  jti: string,
): string {
  const iat = Math.floor(nowMs / 1000);
  const claims = {
    iss: applicationId,
    sub: applicationId,
    aud: [audience],
    iat,
    exp: iat + ASSERTION_LIFETIME_SEC,
    jti,
  };
  const data = `${base64url({ alg: "RS256", typ: "JWT" })}.${base64url(claims)}`;
  const signature = sign("RSA-SHA256", Buffer.from(data), key).toString("base64url");
  return `${data}.${signature}`;
}

/** One authenticated session against `base`: the access token is fetched once and renewed when near its end. */
export function createPoyntSession(context: ApiContext, base: string): PoyntCall {
  let token: { value: string; expiresAt: number } | undefined;
  let key: Promise<KeyObject> | undefined;
  const headers = () => ({ "api-version": API_VERSION, "poynt-request-id": context.newId() });

  async function accessToken(): Promise<string> {
    if (token !== undefined && token.expiresAt - context.clock() > RENEW_BEFORE_MS) {
      return token.value;
    }
    const applicationId = context.credentials.applicationId ?? "";
    const keyPath = context.credentials.privateKey ?? "";
    if (applicationId === "")
      throw new UsageError("poynt: no application id (urn:aid:…) was given");
    if (keyPath === "") throw new UsageError(`poynt: no private key path was given; ${KEY_FIX}`);
    key ??= loadPrivateKey(keyPath);
    const now = context.clock();
    const assertion = signAssertion(await key, applicationId, base, now, context.newId());
    const response = await context.http({
      method: "POST",
      url: `${base}/token`,
      headers: headers(),
      // camelCase `grantType`, not OAuth's grant_type: Poynt's own name for it.
      form: [
        ["grantType", JWT_BEARER],
        ["assertion", assertion],
      ],
    });
    if (response.status !== 200) throw poyntError(response, "/token: ");
    const body = response.json as { accessToken?: unknown; expiresIn?: unknown } | undefined;
    if (typeof body?.accessToken !== "string" || body.accessToken === "") {
      throw providerError("poynt", 502, "/token answered without an accessToken");
    }
    const lifetimeSec = typeof body.expiresIn === "number" ? body.expiresIn : 0;
    token = { value: body.accessToken, expiresAt: now + lifetimeSec * 1000 };
    return token.value;
  }

  return async (method, path, json) => {
    for (let attempt = 0; ; attempt++) {
      const bearer = await accessToken();
      const response = await context.http({
        method,
        url: `${base}${path}`,
        headers: { ...headers(), authorization: `Bearer ${bearer}` },
        ...(json === undefined ? {} : { json }),
      });
      // Poynt's SDKs sign a new assertion once when the token is refused as expired or revoked.
      const code = (response.json as { code?: unknown } | undefined)?.code;
      if (response.status === 401 && code === "INVALID_ACCESS_TOKEN" && attempt === 0) {
        token = undefined;
        continue;
      }
      return response;
    }
  };
}
