import { createDispatcher } from "../http/dispatcher.js";
import type { HeaderMap } from "../util/headers.js";

/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus those the next
 * hop computes itself: host (the app's own), content-length (from the exact body sent).
 */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "expect",
  "host",
  "content-length",
]);

/** Drops hop-by-hop headers, including any the Connection header names. */
export function endToEndHeaders(headers: HeaderMap): HeaderMap {
  const named = new Set(
    (headers.connection ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && !named.has(name)) out[name] = value;
  }
  return out;
}

/**
 * Where a request goes: a `--forward-to` URL with a path receives every request at that path;
 * a bare origin receives each one at its own path. The request's query string is kept either way.
 */
export function forwardUrl(forwardTo: string, requestPath: string): string {
  const target = new URL(forwardTo);
  const incoming = new URL(requestPath, "http://x");
  if (target.pathname === "/") target.pathname = incoming.pathname;
  for (const [name, value] of incoming.searchParams) target.searchParams.append(name, value);
  return target.toString();
}

export interface ForwardResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export interface Forwarder {
  send(
    url: string,
    request: { method: string; headers: HeaderMap; body: Buffer },
  ): Promise<ForwardResponse>;
  close(): Promise<void>;
}

/**
 * Sends requests on with undici (loaded only when forwarding is asked for), through HTTP(S)_PROXY
 * unless NO_PROXY names the target, as `hooks send` does.
 */
export async function createForwarder(
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<Forwarder> {
  const { request } = await import("undici");
  const dispatcher = await createDispatcher({
    timeoutMs: options.timeoutMs ?? 30_000,
    env: options.env,
  });
  return {
    async send(url, { method, headers, body }) {
      const response = await request(url, {
        method: method as "POST",
        headers: endToEndHeaders(headers),
        body: body.length > 0 ? body : null,
        dispatcher,
      });
      const received = Buffer.from(await response.body.arrayBuffer());
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) out[name] = value;
      }
      return { status: response.statusCode, headers: out, body: received };
    },
    close: () => dispatcher.close(),
  };
}

/** Why a forward failed, in words that say what to do. */
export function describeForwardError(url: string, error: unknown): string {
  const err = error as { code?: string; cause?: { code?: string }; message?: string };
  const code = err.code ?? err.cause?.code;
  if (code === "ECONNREFUSED")
    return `nothing is listening at ${url} (connection refused): is your app running?`;
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return `${url} did not answer in time`;
  }
  if (code === "ENOTFOUND") return `cannot resolve the host of ${url}`;
  return `could not reach ${url}: ${err.message ?? String(error)}${code ? ` (${code})` : ""}`;
}
