import { isUtf8 } from "node:buffer";
import type { IncomingMessage } from "node:http";
import { detectProvider } from "../providers/index.js";
import { storedHeaders } from "../store/header-bytes.js";
import type { HeaderMap } from "../util/headers.js";
import type { Arrival, ListenerOptions } from "./listener-types.js";
import { analyseRequest, type Analysis } from "./analyse-request.js";
import type { DuplicateIndex } from "./duplicate-index.js";
import { escapesHeavily } from "./escapes-heavily.js";
import type { ReadBody } from "./read-body.js";
import { newRequestId } from "./request-id.js";
import { requestUrl } from "./request-url.js";

/** What building an arrival needs from its listener (one object per listener, not per request). */
export interface ArrivalContext {
  options: Pick<ListenerOptions, "newId" | "publicUrl" | "provider" | "providerFrom" | "secrets">;
  localUrl: string;
  duplicates: DuplicateIndex;
  maxBody: number;
  inFlightLimit: number;
}

/** The arrival record of a request whose body was read (or refused, or cut off). */
export function buildArrival(
  req: IncomingMessage,
  headers: HeaderMap,
  { body, bytes, refused, aborted }: ReadBody,
  receivedAt: number,
  context: ArrivalContext,
): Arrival {
  const { options } = context;
  const id = (options.newId ?? newRequestId)(receivedAt);
  const path = req.url ?? "/";
  const text = isUtf8(body) && !escapesHeavily(body) ? body.toString("utf8") : undefined;
  const url = requestUrl(headers, path, context.localUrl, options.publicUrl?.());
  const unread = refused !== undefined || aborted;
  const analysis: Analysis = unread
    ? {
        provider: detectProvider(headers) ?? options.provider,
        signature: { status: "unchecked", reason: unreadReason(bytes, refused, context) },
      }
    : analyseRequest({
        headers,
        body,
        text,
        url,
        method: req.method,
        path,
        provider: options.provider,
        providerFrom: options.providerFrom,
        secrets: options.secrets ?? [],
        now: Math.floor(receivedAt / 1000),
      });
  const arrival: Arrival = {
    type: "request",
    id,
    receivedAt: isoTime(receivedAt),
    method: req.method ?? "GET",
    path,
    url,
    ...storedHeaders(headers),
    body: text ?? body.toString("base64"),
    bodyEncoding: text === undefined ? "base64" : "utf8",
    bodyBytes: bytes,
    provider: analysis.provider?.id ?? null,
    signature: analysis.signature,
  };
  if (analysis.eventType !== undefined) arrival.eventType = analysis.eventType;
  if (analysis.eventId !== undefined) arrival.eventId = analysis.eventId;
  if (analysis.verificationCode !== undefined) {
    arrival.verificationCode = analysis.verificationCode;
  }
  if (analysis.duplicateKey !== undefined) {
    const first = context.duplicates.check(analysis.duplicateKey, id);
    if (first !== undefined) arrival.duplicateOf = first;
  }
  const remoteAddress = req.socket.remoteAddress;
  if (remoteAddress) arrival.remoteAddress = remoteAddress;
  return arrival;
}

function unreadReason(
  bytes: number,
  refused: ReadBody["refused"],
  { maxBody, inFlightLimit }: ArrivalContext,
): string {
  if (refused === "too-large") {
    return `body of ${bytes} bytes is over the ${maxBody}-byte limit (--max-body); not read`;
  }
  if (refused === "busy") {
    return `body of ${bytes} bytes did not fit in the ${inFlightLimit} bytes of bodies in flight (--max-in-flight); not read, answered 503`;
  }
  return `the sender went away after ${bytes} bytes of the body; not checked, not answered`;
}

let lastIsoMs = Number.NaN;
let lastIso = "";
let lastSecond = Number.NaN;
/** `2024-05-01T12:00:00.` for lastSecond: the part a whole second of requests shares. */
let secondPrefix = "";

/**
 * `toISOString()` of a time in ms, made once per millisecond (many requests share one), and
 * Date's formatting once per second: under load the milliseconds change every few requests.
 */
export function isoTime(ms: number): string {
  if (ms === lastIsoMs) return lastIso;
  lastIsoMs = ms;
  const second = Math.floor(ms / 1000) * 1000;
  if (second !== lastSecond) {
    const iso = new Date(second).toISOString();
    // Years past 9999 (or before 0) are written differently: those get Date's own formatting.
    lastSecond = iso.length === 24 ? second : Number.NaN;
    secondPrefix = iso.slice(0, 20);
    if (iso.length !== 24) return (lastIso = new Date(ms).toISOString());
  }
  const fraction = ms - second;
  lastIso = `${secondPrefix}${fraction < 10 ? "00" : fraction < 100 ? "0" : ""}${fraction}Z`;
  return lastIso;
}
