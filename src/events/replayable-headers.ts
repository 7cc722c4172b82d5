import { endToEndHeaders } from "../listener/forward.js";
import { loadCatalog } from "../providers/catalog.js";
import { listProviders } from "../providers/index.js";
import type { HeaderMap, Provider } from "../providers/types.js";
import { secretHeaderNames } from "../store/redact-record.js";

/**
 * Headers that a tunnel, a proxy or the HTTP client put on the request on its way, not the
 * sender: a fixture or a replay that kept them would claim a hop that never happened.
 */
const ADDED_ON_THE_WAY = new Set([
  "accept-encoding",
  "cdn-loop",
  "forwarded",
  "true-client-ip",
  "via",
  "x-real-ip",
]);
const ADDED_PREFIXES = ["cf-", "x-forwarded-"];

/** GitHub's legacy SHA-1 signature, which verify still accepts but no provider lists. */
const LEGACY_SIGNATURES = ["x-hub-signature"];

/** Credentials by nature, whoever sent them. */
const CREDENTIALS = new Set(["authorization", "proxy-authorization", "cookie"]);

/**
 * Headers of a captured request worth sending again as the sender's own (`hooks events export`,
 * `hooks send --from-store`), lower-case: hop-by-hop and tunnel headers dropped, credentials
 * dropped, and every provider's signature headers dropped, since the send signs afresh. A
 * provider lists among its signature headers some it sends beside the signature (GitHub's
 * X-GitHub-Event, Shopify's X-Shopify-Topic) that sign() does not make: those its own sample
 * catalog carries are kept, or the event would lose its type.
 */
export function replayableHeaders(headers: HeaderMap, provider: Provider | undefined): HeaderMap {
  const dropped = droppedNames(provider);
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(endToEndHeaders(lowerCased(headers)))) {
    if (dropped.has(name) || CREDENTIALS.has(name) || ADDED_ON_THE_WAY.has(name)) continue;
    if (ADDED_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
    out[name] = value;
  }
  return out;
}

function lowerCased(headers: HeaderMap): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

const droppedByProvider = new Map<string, ReadonlySet<string>>();

function droppedNames(provider: Provider | undefined): ReadonlySet<string> {
  const key = provider?.id ?? "";
  let names = droppedByProvider.get(key);
  if (names === undefined) {
    const kept = provider ? catalogHeaderNames(provider.id) : new Set<string>();
    const all = new Set<string>([...secretHeaderNames(), ...LEGACY_SIGNATURES]);
    for (const each of listProviders()) {
      for (const name of each.signatureHeaders) all.add(name.toLowerCase());
    }
    for (const name of kept) all.delete(name);
    // The secret itself (Clover's auth code) goes whatever a catalog says.
    for (const name of secretHeaderNames()) all.add(name);
    names = all;
    droppedByProvider.set(key, names);
  }
  return names;
}

/** Every header name a provider's built-in samples send, lower-case. */
function catalogHeaderNames(providerId: string): Set<string> {
  const names = new Set<string>();
  for (const event of loadCatalog(providerId).events) {
    for (const name of Object.keys(event.headers ?? {})) names.add(name.toLowerCase());
  }
  return names;
}
