import { DeadlineError, TIMED_OUT_CODE } from "../http/deadline.js";
import type { FailureReason } from "../providers/types.js";
import type { TestError } from "./types.js";

export { TIMED_OUT_CODE };
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

const UNTRUSTED = "the server's certificate is not signed by an authority this machine trusts";
/**
 * What each error code means, for people; the raw text (OpenSSL's `…ssl3_record.c:350:`, undici's
 * `UND_ERR_SOCKET`) stays in the result's `detail` for `--json`.
 */
const IN_WORDS: Record<string, string | ((raw: string) => string)> = {
  ERR_SSL_WRONG_VERSION_NUMBER:
    "TLS handshake failed: the server does not speak TLS on this port (wrong version number); try http://",
  DEPTH_ZERO_SELF_SIGNED_CERT:
    "TLS handshake failed: the server's certificate is self-signed; --insecure accepts it",
  SELF_SIGNED_CERT_IN_CHAIN:
    "TLS handshake failed: the server's certificate chain ends in a self-signed certificate; --insecure accepts it",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: `TLS handshake failed: ${UNTRUSTED}; --insecure accepts it`,
  UNABLE_TO_GET_ISSUER_CERT: `TLS handshake failed: ${UNTRUSTED}; --insecure accepts it`,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: `TLS handshake failed: ${UNTRUSTED}; --insecure accepts it`,
  CERT_UNTRUSTED: `TLS handshake failed: ${UNTRUSTED}; --insecure accepts it`,
  CERT_HAS_EXPIRED: "TLS handshake failed: the server's certificate has expired",
  CERT_NOT_YET_VALID: "TLS handshake failed: the server's certificate is not valid yet",
  CERT_REVOKED: "TLS handshake failed: the server's certificate has been revoked",
  HOSTNAME_MISMATCH: "TLS handshake failed: the server's certificate is for another host name",
  ERR_TLS_CERT_ALTNAME_INVALID:
    "TLS handshake failed: the server's certificate is for another host name",
  UND_ERR_SOCKET: "the server closed the connection before answering",
  ECONNRESET: "the server reset the connection before answering",
  EPIPE: "the server closed the connection while the request was being sent",
  ECONNREFUSED: (raw) =>
    `connection refused: nothing is listening on ${after(raw, "ECONNREFUSED") ?? "that port"}`,
  ENOTFOUND: (raw) => `unknown host ${after(raw, "ENOTFOUND") ?? "name"}: DNS found no address`,
  EAI_AGAIN: (raw) => `DNS lookup of ${after(raw, "EAI_AGAIN") ?? "the host"} failed for now`,
  ETIMEDOUT: "could not connect: the host did not answer",
  UND_ERR_CONNECT_TIMEOUT: "could not connect: the host did not answer",
  EHOSTUNREACH: "could not connect: no route to the host",
  ENETUNREACH: "could not connect: the network is unreachable",
};

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
 * reset, DNS, proxy) is `connection_error`. `message` says it for people, `detail` keeps the
 * error's own text.
 */
export function classifyError(error: unknown, timeoutMs: number): TestError {
  // The deadline's own words say how far the exchange got (no answer, or a body still coming).
  if (error instanceof DeadlineError) return { reason: "http_timeout", message: error.message };
  const codes = codesOf(error);
  if (codes.some((code) => TIMEOUT_CODES.has(code))) {
    return { reason: "http_timeout", message: `no response within ${timeoutMs} ms` };
  }
  const detail = describe(error, codes);
  const reason: FailureReason = codes.some(isTls) ? "ssl_error" : "connection_error";
  return { reason, message: inWords(codes, detail, reason), detail };
}

function inWords(codes: string[], detail: string, reason: FailureReason): string {
  for (const code of codes) {
    const words = IN_WORDS[code];
    if (typeof words === "function") return words(detail);
    if (words !== undefined) return words;
  }
  if (reason !== "ssl_error") return detail;
  // Any other OpenSSL failure: its reason phrase, without the error queue's file and line.
  const phrase = /SSL routines:[^:]*:([^:]+)/.exec(detail)?.[1];
  return `TLS handshake failed${phrase ? ` (${phrase})` : `: ${detail}`}`;
}

/** The word after `code` in a Node error message (`connect ECONNREFUSED 127.0.0.1:3000`). */
function after(raw: string, code: string): string | undefined {
  return new RegExp(`${code} (\\S+)`).exec(raw)?.[1];
}

function describe(error: unknown, codes: string[]): string {
  let message = "";
  for (let e = error as ErrorLike | undefined, depth = 0; e && depth < 4; depth += 1) {
    if (typeof e.message === "string" && e.message) message = e.message;
    if (message && message !== "fetch failed") break;
    e = e.cause as ErrorLike | undefined;
  }
  message = message.trim();
  const code = codes[0];
  if (!code) return message || String(error);
  return message.includes(code) ? message : `${code}: ${message}`.replace(/: $/, "");
}
