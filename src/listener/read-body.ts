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
export function readBody(
  req: IncomingMessage,
  maxBytes: number,
  done: (result: ReadBody) => void,
): void {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    done({ body: EMPTY, bytes: declared, tooLarge: true });
    return;
  }
  {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const finish = (tooLarge: boolean): void => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      const body = tooLarge
        ? EMPTY
        : chunks.length === 1
          ? (chunks[0] as Buffer)
          : Buffer.concat(chunks, bytes);
      done({ body, bytes, tooLarge });
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
  }
}

const EMPTY = Buffer.alloc(0);
