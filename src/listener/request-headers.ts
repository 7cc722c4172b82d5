import type { IncomingMessage } from "node:http";
import { lowerCaseHeaders, type HeaderMap } from "../util/headers.js";

/**
 * Node already lower-cases header names and joins repeated headers, except a few it keeps as
 * arrays (set-cookie): the object is used as it is unless it has one of those.
 */
export function requestHeaders(req: IncomingMessage): HeaderMap {
  const headers = req.headers;
  for (const name in headers) {
    if (typeof headers[name] !== "string") return lowerCaseHeaders(headers);
  }
  return headers as HeaderMap;
}
