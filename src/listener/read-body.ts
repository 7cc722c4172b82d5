import type { IncomingMessage } from "node:http";
import type { InFlight } from "./in-flight.js";

export interface ReadBody {
  body: Buffer;
  /** Bytes seen (or declared, for a body refused before reading). */
  bytes: number;
  /** Why the body was not kept: over --max-body, or no room left under --max-in-flight. */
  refused: "too-large" | "busy" | undefined;
  /** The sender went away before the body ended; `body` is what came. */
  aborted: boolean;
  /** Bytes of InFlight this request holds until the caller answers it and gives them back. */
  held: number;
}

/**
 * Reads a request's raw body, byte for byte, up to `maxBytes`. A declared Content-Length over the
 * limit, or over what is left of `inFlight`, is refused before reading (`accepted` is then not
 * called: a sender waiting for `100 Continue` never sends the body); a chunked body stops being
 * kept once it crosses either. The caller answers a refused body and drains what follows.
 */
export function readBody(
  req: IncomingMessage,
  maxBytes: number,
  inFlight: InFlight,
  done: (result: ReadBody) => void,
  accepted?: () => void,
): void {
  const declared = Number(req.headers["content-length"]);
  const sized = Number.isFinite(declared);
  let held = 0;
  if (sized) {
    if (declared > maxBytes) return done(refusal(declared, "too-large"));
    if (inFlight.bytes + declared > inFlight.limit) return done(refusal(declared, "busy"));
    // Node never passes on more than the declared length, so it is held whole, up front.
    inFlight.bytes += declared;
    held = declared;
  }
  accepted?.();
  const chunks: Buffer[] = [];
  // A declared body that comes in several chunks is copied into one buffer of its size as it
  // arrives, rather than concatenated at the end, which would briefly hold it twice.
  let whole: Buffer | undefined;
  let bytes = 0;
  let settled = false;
  const finish = (refused: ReadBody["refused"], aborted: boolean): void => {
    if (settled) return;
    settled = true;
    req.off("data", onData);
    const body =
      refused !== undefined
        ? EMPTY
        : whole !== undefined
          ? whole.subarray(0, bytes)
          : chunks.length === 1
            ? (chunks[0] as Buffer)
            : Buffer.concat(chunks, bytes);
    done({ body, bytes, refused, aborted, held });
  };
  const refuse = (refused: ReadBody["refused"]): void => {
    chunks.length = 0;
    inFlight.bytes -= held;
    held = 0;
    req.pause();
    finish(refused, false);
  };
  const onData = (chunk: Buffer): void => {
    if (sized) {
      if (bytes === 0 && chunk.length === declared) {
        chunks.push(chunk);
      } else {
        // Only what arrived (`bytes`) is ever handed on: the rest of allocUnsafe is never seen.
        whole ??= Buffer.allocUnsafe(declared);
        chunk.copy(whole, bytes);
      }
      bytes += chunk.length;
      return;
    }
    bytes += chunk.length;
    if (bytes > maxBytes) return refuse("too-large");
    inFlight.bytes += chunk.length;
    held += chunk.length;
    if (inFlight.bytes > inFlight.limit) return refuse("busy");
    chunks.push(chunk);
  };
  req.on("data", onData);
  req.on("end", () => finish(undefined, false));
  // A sender that goes away mid-body: what came is kept, and marked as cut off.
  req.on("error", () => finish(undefined, true));
  req.on("close", () => finish(undefined, !req.complete));
}

/** After an answer sent before the body was read: at most this much, or this long, is drained. */
export const DRAIN_BYTES = 8 * 1024 * 1024;
export const DRAIN_MS = 5_000;

/**
 * Reads and drops what is left of a body answered before it was read (413, 503), then calls
 * `done`, so that the sender, still writing, reads the answer instead of a reset connection
 * (closing a socket with unread bytes makes the kernel send RST). Bounded in bytes and time: a
 * sender that goes on past either is cut off.
 */
export function drainBody(req: IncomingMessage, done: () => void): void {
  let drained = 0;
  let over = false;
  const stop = (): void => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    req.off("data", onData);
    done();
  };
  const onData = (chunk: Buffer): void => {
    drained += chunk.length;
    if (drained > DRAIN_BYTES) stop();
  };
  const timer = setTimeout(stop, DRAIN_MS);
  req.on("data", onData);
  req.once("end", stop);
  req.once("close", stop);
  req.resume();
}

function refusal(bytes: number, refused: ReadBody["refused"]): ReadBody {
  return { body: EMPTY, bytes, refused, aborted: false, held: 0 };
}

const EMPTY = Buffer.alloc(0);
