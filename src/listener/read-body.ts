import type { IncomingMessage } from "node:http";

export interface ReadBody {
  body: Buffer;
  /** Bytes seen, including those past the limit when the body was too large. */
  bytes: number;
  tooLarge: boolean;
}

/**
 * Reads a request's raw body, byte for byte, up to `maxBytes`. A declared Content-Length over the
 * limit is refused before reading; a chunked body stops being kept once it crosses the limit (the
 * caller answers 413 and closes the connection, so the rest is never read).
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<ReadBody> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.resolve({ body: Buffer.alloc(0), bytes: declared, tooLarge: true });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const finish = (tooLarge: boolean): void => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks, bytes), bytes, tooLarge });
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        chunks.length = 0;
        req.pause();
        finish(true);
      } else {
        chunks.push(chunk);
      }
    };
    req.on("data", onData);
    req.on("end", () => finish(false));
    // A client that goes away mid-body still arrived: keep what came, the answer goes nowhere.
    req.on("error", () => finish(false));
    req.on("close", () => finish(false));
  });
}
