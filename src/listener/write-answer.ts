import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { drainBody } from "./read-body.js";

/**
 * Writes an answer: its headers (and `x-hooks-request-id` when `id` is given), then its body. A
 * request answered before its body was read has the rest of that body drained first.
 */
export function writeAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders | undefined,
  body: string | Buffer,
  id?: string,
): void {
  if (res.destroyed) return;
  const raw: string[] = [];
  if (headers) {
    for (const [name, value] of Object.entries(headers)) {
      if (Array.isArray(value)) for (const one of value) raw.push(name, one);
      else if (value !== undefined) raw.push(name, String(value));
    }
  }
  if (id !== undefined) raw.push("x-hooks-request-id", id);
  // These statuses carry no body, and say so by carrying no Content-Length either.
  const bodyless = status < 200 || status === 204 || status === 304;
  if (!bodyless) raw.push("content-length", String(Buffer.byteLength(body)));
  if (req.complete) {
    res.writeHead(status, raw);
    res.end(bodyless ? undefined : body);
    return;
  }
  // Answered before the body was read (413, 503): the whole answer goes out now, the rest of
  // the body is read and dropped (bounded), and only then is the connection closed.
  raw.push("connection", "close");
  res.writeHead(status, raw);
  if (!bodyless) res.write(body);
  drainBody(req, () => res.end());
}
