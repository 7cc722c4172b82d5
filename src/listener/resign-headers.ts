import { findProvider, getProvider } from "../providers/index.js";
import type { HeaderMap, Provider } from "../providers/types.js";
import { recordBody, type RequestRecord } from "../store/event-store-record.js";
import { wireHeaders } from "../store/header-bytes.js";
import { endToEndHeaders } from "./forward.js";

/** Signatures no provider makes any more but a capture may carry: GitHub's SHA-1 one. */
const STALE_SIGNATURES = ["x-hub-signature"];

/** What re-signing needs of a captured request. */
export type ResignableRecord = Pick<
  RequestRecord,
  "body" | "bodyEncoding" | "eventId" | "headers" | "provider"
>;

export interface ResignOptions {
  secret: string;
  /** The URL the request goes to (Square signs it with the body). */
  url: string;
  /** Unix seconds; the provider's own clock when left out. */
  now?: number | undefined;
  /** A provider id given by the user, for a record captured before its provider was known. */
  provider?: string | undefined;
}

export type Resigned =
  { ok: true; headers: HeaderMap; provider: Provider } | { ok: false; reason: string };

/**
 * The one way hooks signs a captured request again (`hooks events replay --resign`, the
 * inspector's replay and its curl command): the record's end-to-end headers with its provider's
 * signature headers replaced by ones made now with the current secret, exactly as `hooks sign`
 * makes them (the provider's own sign()). The delivery id is kept, as a provider's retry keeps it.
 * A provider id the user typed that does not exist is their mistake (a UsageError); a record that
 * cannot be signed is a result with a reason.
 */
export function resignHeaders(record: ResignableRecord, options: ResignOptions): Resigned {
  const provider = options.provider
    ? getProvider(options.provider)
    : record.provider
      ? findProvider(record.provider)
      : undefined;
  if (!provider) return { ok: false, reason: "the provider of this request is not known" };
  let fresh: HeaderMap;
  try {
    fresh = provider.sign({
      body: recordBody(record),
      secret: options.secret,
      url: options.url,
      id: record.eventId,
      timestamp: options.now,
    });
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  // A line written by hand into the store may have no headers at all.
  const headers = endToEndHeaders(record.headers ? wireHeaders(record) : {});
  // Only the signature goes: the other headers a provider lists beside it (GitHub's
  // X-GitHub-Event, Shopify's X-Shopify-Topic) name the event, and sign() does not make them.
  for (const name of [provider.signatureHeader, ...STALE_SIGNATURES]) delete headers[name];
  for (const [name, value] of Object.entries(fresh)) headers[name.toLowerCase()] = value;
  return { ok: true, headers, provider };
}
