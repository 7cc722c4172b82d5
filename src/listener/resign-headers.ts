import { endToEndHeaders } from "../listener/forward.js";
import { findProvider } from "../providers/index.js";
import type { HeaderMap } from "../providers/types.js";
import { recordBody } from "../store/event-store-record.js";
import type { InspectorRecord } from "./entry-summary.js";

export interface ResignOptions {
  secret: string;
  /** The URL the request goes to (Square signs it with the body). */
  url: string;
  /** Unix seconds. */
  now: number;
}

export type Resigned = { ok: true; headers: HeaderMap } | { ok: false; reason: string };

/**
 * The record's headers with its provider's signature headers replaced by ones made now with the
 * current secret, exactly as `hooks sign` makes them (the provider's own sign()), and with the
 * same inputs as `hooks events replay --resign` (src/listener/replay.ts) so both send the same bytes.
 */
export function resignHeaders(record: InspectorRecord, options: ResignOptions): Resigned {
  const provider = record.provider ? findProvider(record.provider) : undefined;
  if (!provider) return { ok: false, reason: "the provider of this request is not known" };
  let fresh: HeaderMap;
  try {
    fresh = provider.sign({
      body: recordBody(record),
      secret: options.secret,
      url: options.url,
      // As `hooks events replay --resign` does: the delivery id is kept, as a provider's retry keeps it.
      id: record.eventId,
      timestamp: options.now,
    });
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  const headers = endToEndHeaders(record.headers ?? {});
  for (const name of provider.signatureHeaders) delete headers[name.toLowerCase()];
  for (const [name, value] of Object.entries(fresh)) headers[name.toLowerCase()] = value;
  return { ok: true, headers };
}
