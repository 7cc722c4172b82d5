import { DeadlineError, Deadlines } from "../http/deadline.js";
import { createDispatcher } from "../http/dispatcher.js";
import { exchange } from "../http/exchange.js";
import type { HeaderMap } from "../util/headers.js";
import { classifyError } from "../sender/classify.js";
import { matchRoute, type Routable, type Route } from "./routes.js";

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

/**
 * Where a request (or a captured record, for a replay) is forwarded under `routes`: the rule
 * that took it (`*` for the catch-all) and the URL, or undefined when no route matches.
 */
export function forwardTarget(
  routes: readonly Route[],
  request: Routable,
): { route: string; url: string } | undefined {
  const route = matchRoute(routes, request);
  return route && { route: route.rule, url: forwardUrl(route.url, request.path) };
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

export const DEFAULT_FORWARD_TIMEOUT_MS = 30_000;
/**
 * The app's answer is relayed to the sender, so it is read whole, up to this: an app that
 * streams more gets the sender a 502 and its connection dropped, not a listener that buffers
 * gigabytes.
 */
export const FORWARD_MAX_ANSWER_BYTES = 1024 * 1024;

export interface ForwarderOptions {
  /**
   * The whole exchange with the app, its answer's body included: by default the provider's
   * delivery limit when one is known (the sender gives up then anyway), else 30 s.
   */
  timeoutMs?: number | undefined;
  env?: NodeJS.ProcessEnv;
}

/**
 * Sends requests on through HTTP(S)_PROXY unless NO_PROXY names the target, as `hooks send`
 * does. A failure rejects: with a DeadlineError past the timeout (answered 504), else 502.
 */
export async function createForwarder(options: ForwarderOptions = {}): Promise<Forwarder> {
  const dispatcher = await createDispatcher({ env: options.env });
  const deadlines = new Deadlines(options.timeoutMs ?? DEFAULT_FORWARD_TIMEOUT_MS);
  const limits = {
    deadlines,
    maxBodyBytes: FORWARD_MAX_ANSWER_BYTES,
    keepBytes: FORWARD_MAX_ANSWER_BYTES,
  };
  return {
    async send(url, { method, headers, body }) {
      const target = new URL(url);
      const response = await exchange(
        dispatcher,
        {
          origin: target.origin,
          path: `${target.pathname}${target.search}`,
          method,
          headers: endToEndHeaders(headers),
          body: body.length > 0 ? body : null,
        },
        limits,
      );
      if (response.cutOff) {
        throw new AnswerTooLarge(
          `${url} answered ${response.status} with a body over ${FORWARD_MAX_ANSWER_BYTES} bytes, too large to relay; the connection was dropped`,
        );
      }
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) out[name] = value;
      }
      return { status: response.status, headers: out, body: response.body };
    },
    close: () => dispatcher.destroy(),
  };
}

/** The app's answer was over FORWARD_MAX_ANSWER_BYTES; its message says so whole. */
class AnswerTooLarge extends Error {}

/** The app did answer, too much to relay: not a target that is down (`--hold`). */
export function answeredTooLarge(error: unknown): boolean {
  return error instanceof AnswerTooLarge;
}

/** What the sender is answered when a forward fails: 504 when the app was too slow, else 502. */
export function forwardFailureStatus(error: unknown): 502 | 504 {
  return error instanceof DeadlineError ? 504 : 502;
}

/** Why a forward failed, in words that say what to do. */
export function describeForwardError(url: string, error: unknown): string {
  if (error instanceof DeadlineError) return `${url}: ${error.message}`;
  if (error instanceof AnswerTooLarge) return error.message;
  const err = error as { code?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code;
  if (code === "ECONNREFUSED")
    return `nothing is listening at ${url} (connection refused): is your app running?`;
  // Every other network or TLS failure in the words hooks send uses for it.
  return `could not reach ${url}: ${classifyError(error, 0).message}`;
}
