import type { FileHandle } from "node:fs/promises";

const NEWLINE = 0x0a;
const CHUNK_BYTES = 1 << 20;

/** Called with each complete line (without its newline) and its byte offset in the file. */
export type LineVisitor = (line: Buffer, offset: number) => "more" | "stop";

/**
 * Visits the complete lines of a file from the end backwards, newest first, until the visitor
 * says stop, reading it in chunks so that the newest records of a store of millions of lines
 * are found without reading the rest. Bytes after the last newline are a line still being
 * written (or torn by a crash) and are left alone. Returns the position just after the last
 * newline: where a later forward scan carries on.
 */
export async function scanBackwards(
  file: FileHandle,
  size: number,
  visit: LineVisitor,
): Promise<number> {
  let scannedTo: number | undefined;
  // `carry` holds the start of a line whose end is known; the line ends at `start + carry.length`.
  let carry = Buffer.alloc(0);
  let start = size;
  while (start > 0) {
    const want = Math.max(CHUNK_BYTES, carry.length);
    const from = Math.max(0, start - want);
    const chunk = Buffer.alloc(start - from);
    await readFully(file, chunk, from);
    const buffer = carry.length > 0 ? Buffer.concat([chunk, carry]) : chunk;
    start = from;
    let lineEnd = buffer.length;
    if (scannedTo === undefined) {
      const last = buffer.lastIndexOf(NEWLINE);
      // Still inside the unfinished last line, which is not ours to read.
      if (last === -1) continue;
      scannedTo = from + last + 1;
      lineEnd = last;
    }
    for (;;) {
      const newline = lineEnd === 0 ? -1 : buffer.lastIndexOf(NEWLINE, lineEnd - 1);
      if (newline === -1) {
        if (from === 0) {
          if (lineEnd > 0) visit(buffer.subarray(0, lineEnd), 0);
          return scannedTo;
        }
        carry = buffer.subarray(0, lineEnd);
        break;
      }
      if (lineEnd > newline + 1) {
        const verdict = visit(buffer.subarray(newline + 1, lineEnd), from + newline + 1);
        if (verdict === "stop") return scannedTo;
      }
      lineEnd = newline;
    }
  }
  return scannedTo ?? 0;
}

/**
 * Visits the complete lines from `position` to the end of the file, oldest first. Returns the
 * position after the last newline read, where the next scan starts (a line being written is
 * picked up once its newline has landed).
 */
export async function scanForwards(
  file: FileHandle,
  position: number,
  size: number,
  visit: (line: Buffer, offset: number) => void,
): Promise<number> {
  let consumed = position;
  let carry = Buffer.alloc(0);
  let next = position;
  while (next < size) {
    const length = Math.min(Math.max(CHUNK_BYTES, carry.length), size - next);
    const chunk = Buffer.alloc(length);
    await readFully(file, chunk, next);
    next += length;
    const buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let lineStart = 0;
    for (;;) {
      const newline = buffer.indexOf(NEWLINE, lineStart);
      if (newline === -1) break;
      if (newline > lineStart) visit(buffer.subarray(lineStart, newline), consumed);
      consumed += newline + 1 - lineStart;
      lineStart = newline + 1;
    }
    carry = buffer.subarray(lineStart);
  }
  return consumed;
}

/** Reads exactly buffer.length bytes at position (a short read only happens at the end). */
export async function readFully(
  file: FileHandle,
  buffer: Buffer,
  position: number,
): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await file.read(
      buffer,
      filled,
      buffer.length - filled,
      position + filled,
    );
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
