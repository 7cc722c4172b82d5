import type { HeaderMap } from "../util/headers.js";

/** Headers that only a proxy in front of the listener (cloudflared, ngrok, a load balancer) adds. */
const PROXY_HEADERS = ["cf-connecting-ip", "cf-ray", "x-forwarded-for", "forwarded"] as const;

/**
 * The URL the sender used for a request, which is what Square signs together with the body.
 * A request that came through a tunnel was sent to the public URL plus its path; one sent
 * straight to the listener was sent to the address in its Host header.
 */
export function requestUrl(
  headers: HeaderMap,
  path: string,
  localUrl: string,
  publicUrl: string | null | undefined,
): string {
  if (publicUrl && PROXY_HEADERS.some((name) => headers[name] !== undefined)) {
    return `${publicUrl.replace(/\/+$/, "")}${path}`;
  }
  const host = headers.host ?? new URL(localUrl).host;
  return `http://${host}${path}`;
}

/** `http://host:port` for a bound address (IPv6 hosts in brackets). */
export function formatLocalUrl(host: string, port: number): string {
  const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${shown.includes(":") ? `[${shown}]` : shown}:${port}`;
}
