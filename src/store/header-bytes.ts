import { isUtf8 } from "node:buffer";
import type { HeaderMap } from "../util/headers.js";
import type { RequestRecord } from "./event-store-record.js";

/** A byte over 0x7f in a header value as node:http hands it over (one character per byte). */
const HIGH_BYTE = /[\u0080-\uffff]/;

/**
 * Headers as the store keeps them. node:http decodes header bytes as latin1 (one character per
 * byte), so a UTF-8 `é` would be stored as `Ã©`; a value with a byte over 0x7f is stored as its
 * UTF-8 text when the bytes are valid UTF-8, else as base64, and `headerEncodings` says which.
 * ASCII headers (nearly all) are kept as they are, the same object, at no cost.
 */
export function storedHeaders(wire: HeaderMap): Pick<RequestRecord, "headers" | "headerEncodings"> {
  let headers: HeaderMap | undefined;
  let encodings: Record<string, "utf8" | "base64"> | undefined;
  for (const name in wire) {
    const value = wire[name] as string;
    if (!HIGH_BYTE.test(value)) continue;
    headers ??= { ...wire };
    encodings ??= {};
    const bytes = Buffer.from(value, "latin1");
    const utf8 = isUtf8(bytes);
    headers[name] = bytes.toString(utf8 ? "utf8" : "base64");
    encodings[name] = utf8 ? "utf8" : "base64";
  }
  return headers && encodings ? { headers, headerEncodings: encodings } : { headers: wire };
}

/**
 * The record's headers as they went over the wire: one character per byte (latin1), the form
 * node:http hands over and undici sends, so a replay or a `hooks verify --request` sees the bytes
 * that arrived.
 */
export function wireHeaders(
  record: Pick<RequestRecord, "headers"> & { headerEncodings?: unknown },
): HeaderMap {
  const encodings = record.headerEncodings;
  if (encodings === null || typeof encodings !== "object") return record.headers;
  const out: HeaderMap = { ...record.headers };
  for (const [name, encoding] of Object.entries(encodings as Record<string, unknown>)) {
    const value = out[name];
    if (typeof value !== "string") continue;
    if (encoding === "base64") out[name] = Buffer.from(value, "base64").toString("latin1");
    else if (encoding === "utf8") out[name] = Buffer.from(value, "utf8").toString("latin1");
  }
  return out;
}
