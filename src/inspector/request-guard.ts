import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** Names a browser may use for this machine; anything else in Host is a rebinding attempt. */
const LOCAL_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * True when a Host header names this machine (`localhost`, `127.0.0.1`, `[::1]`, any port).
 * A page on evil.example whose DNS name is rebound to 127.0.0.1 still sends `Host: evil.example`,
 * so refusing every other name keeps such a page from reading captured requests
 * (https://en.wikipedia.org/wiki/DNS_rebinding). Any port is fine: `ssh -L 8080:localhost:4666`
 * is a legitimate way in, and the port is not what an attacker controls.
 */
export function isLocalHost(host: string | undefined): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
  return match !== null && LOCAL_NAMES.has(match[1] ?? "");
}

/**
 * True when an Origin header is absent (curl, scripts) or names this machine. A page from another
 * origin may send a simple POST without reading the answer (CSRF); its Origin gives it away.
 */
export function isLocalOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === "http:" && isLocalHost(url.host);
  } catch {
    return false;
  }
}

/** Compares a presented token with the run's token in constant time. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type GuardVerdict = { ok: true } | { ok: false; status: 403; message: string };

/**
 * What every request must pass: a local Host; and for the API, the run's token (in the
 * `x-hooks-token` header, or `?token=` for EventSource, which cannot set headers) plus, for
 * anything that sends, a local Origin (or none) — a cross-site page never learns the token.
 */
export function checkRequest(req: IncomingMessage, url: URL, token: string): GuardVerdict {
  if (!isLocalHost(req.headers.host)) {
    return {
      ok: false,
      status: 403,
      message: "the inspector only answers requests addressed to localhost or 127.0.0.1",
    };
  }
  if (!url.pathname.startsWith("/api/")) return { ok: true };
  const origin = req.headers.origin;
  if (!isLocalOrigin(typeof origin === "string" ? origin : undefined)) {
    return { ok: false, status: 403, message: "cross-origin requests are refused" };
  }
  const header = req.headers["x-hooks-token"];
  const presented =
    typeof header === "string" ? header : (url.searchParams.get("token") ?? undefined);
  if (!tokenMatches(presented, token)) {
    return {
      ok: false,
      status: 403,
      message: "missing or wrong inspector token; open the inspector page and act from there",
    };
  }
  return { ok: true };
}
