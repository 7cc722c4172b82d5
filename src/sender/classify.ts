import type { FailureReason } from "../providers/types.js";
import type { TestError } from "./types.js";

/** Our own abort of a request that outlived a sub-second --timeout (src/sender/deliver.ts). */
export const TIMED_OUT_CODE = "HOOKS_TIMEOUT";
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", TIMED_OUT_CODE]);
// OpenSSL's certificate verification codes, as Node passes them through.
const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REVOKED",
  "HOSTNAME_MISMATCH",
  "EPROTO",
]);

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

function codesOf(error: unknown): string[] {
  const out: string[] = [];
  for (let e = error as ErrorLike | undefined, depth = 0; e && depth < 4; depth += 1) {
    if (typeof e.code === "string") out.push(e.code);
    e = e.cause as ErrorLike | undefined;
  }
  return out;
}

function isTls(code: string): boolean {
  return TLS_CODES.has(code) || /^ERR_(TLS|SSL)_|CERT/.test(code);
}

/**
 * A failed request in Square's retry-reason vocabulary: TLS failures are `ssl_error`, no response
 * in time is `http_timeout`, and anything else that kept a response from coming back (refused,
 * reset, DNS, proxy) is `connection_error`.
 */
export function classifyError(error: unknown, timeoutMs: number): TestError {
  const codes = codesOf(error);
  const detail = describe(error, codes);
  let reason: FailureReason = "connection_error";
  if (codes.some((code) => TIMEOUT_CODES.has(code))) {
    return { reason: "http_timeout", message: `no response within ${timeoutMs} ms` };
  }
  if (codes.some(isTls)) reason = "ssl_error";
  return { reason, message: detail };
}

function describe(error: unknown, codes: string[]): string {
  let message = "";
  for (let e = error as ErrorLike | undefined, depth = 0; e && depth < 4; depth += 1) {
    if (typeof e.message === "string" && e.message) message = e.message;
    if (message && message !== "fetch failed") break;
    e = e.cause as ErrorLike | undefined;
  }
  const code = codes[0];
  if (!code) return message || String(error);
  return message.includes(code) ? message : `${code}: ${message}`.replace(/: $/, "");
}
