import { open, type FileHandle } from "node:fs/promises";
import { secretHeaderNames } from "../store/redact-record.js";
import { summarise, type EntrySummary, type InspectorRecord } from "./entry-summary.js";
import { readFully, scanBackwards, scanForwards } from "./line-scanner.js";
import { lineNeedsMask, maskRecord, maskSummary } from "./page-mask.js";

/** The inspector shows at most this many of the newest stored requests. */
export const DEFAULT_HISTORY_LIMIT = 20_000;
/** Reads for a search are grouped into spans of about this many bytes. */
const SEARCH_SPAN_BYTES = 4 << 20;

interface IndexedLine {
  id: string;
  /** The summary as the page gets it, serialised once for every page that reads it. */
  json: string;
  offset: number;
  length: number;
  /** Increases with each line indexed, never reused: what a reader's cursor points at. */
  seq: number;
}

/** Where a reader of the history stands: the next line to read and where its history ends. */
export interface HistoryCursor {
  next: number;
  end: number;
}

/**
 * An index of the newest `limit` records of the JSONL store: each one's summary and where its
 * line lies in the file, never its body. Details are read back one line at a time, so memory
 * stays flat however big the store and however long `hooks listen` runs. The file is the one
 * source of truth: the index catches up with what was appended since the last look (by this
 * listener or any other process writing the same store) whenever the page asks for something.
 */
export class StoreIndex {
  private lines: IndexedLine[] = [];
  private readonly byId = new Map<string, IndexedLine>();
  private scannedTo = 0;
  private loaded = false;
  private running: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private nextSeq = 0;
  private readonly hidden = secretHeaderNames();
  /** Lines that were not records (hand edits, a line torn by a crash). */
  unreadableLines = 0;

  /** `secrets` are masked in every summary and searched past: the page never sees them. */
  constructor(
    readonly path: string,
    readonly limit = DEFAULT_HISTORY_LIMIT,
    private readonly secrets: readonly string[] = [],
  ) {}

  /** Catches up with the file. Calls made while one is running share the next one. */
  refresh(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.running.then(() => {
      this.queued = undefined;
      return this.catchUp();
    });
    this.queued = next;
    this.running = next.catch(() => {});
    return next;
  }

  /** Summaries of the indexed records, oldest first. */
  summaries(): EntrySummary[] {
    return this.lines.slice(-this.limit).map((line) => JSON.parse(line.json) as EntrySummary);
  }

  /** A cursor over the summaries() as they are now; the lines indexed later are not in it. */
  cursor(): HistoryCursor {
    const first = this.lines[Math.max(0, this.lines.length - this.limit)];
    return { next: first?.seq ?? this.nextSeq, end: this.nextSeq };
  }

  /**
   * The serialised summaries from the cursor on, up to about `maxBytes`, advancing the cursor.
   * Every stream reads the one index this way, so a page holds only its cursor, not a copy of
   * the history; lines evicted meanwhile are skipped.
   */
  read(cursor: HistoryCursor, maxBytes: number): string[] {
    const out: string[] = [];
    let at = this.firstAtOrAfter(cursor.next);
    let bytes = 0;
    while (at < this.lines.length && bytes < maxBytes) {
      const line = this.lines[at] as IndexedLine;
      if (line.seq >= cursor.end) break;
      out.push(line.json);
      bytes += line.json.length;
      cursor.next = line.seq + 1;
      at += 1;
    }
    if (at >= this.lines.length || (this.lines[at] as IndexedLine).seq >= cursor.end) {
      cursor.next = cursor.end;
    }
    return out;
  }

  get size(): number {
    return this.lines.length;
  }

  /** The full record with this id, read from the file; catches up once if it is not indexed. */
  async record(id: string): Promise<InspectorRecord | undefined> {
    if (!this.byId.has(id)) await this.refresh();
    const line = this.byId.get(id);
    if (!line) return undefined;
    const file = await openStore(this.path);
    if (!file) return undefined;
    try {
      const buffer = Buffer.alloc(line.length);
      await readFully(file, buffer, line.offset);
      return parseRecord(buffer);
    } finally {
      await file.close();
    }
  }

  /**
   * Ids of indexed records whose stored line contains `query` (case-insensitive): headers,
   * body, ids, paths, everything. The query is also tried JSON-escaped, so text with quotes
   * matches a body that the store holds as a JSON string. A line that holds a secret is searched
   * as the page sees it, masked: searching for a secret, or a part of it, must not tell anyone
   * which requests hold it.
   */
  async search(query: string): Promise<string[]> {
    await this.refresh();
    const needles = searchNeedles(query);
    const found: string[] = [];
    const file = await openStore(this.path);
    if (!file) return found;
    try {
      const ordered = [...this.lines].sort((a, b) => a.offset - b.offset);
      let index = 0;
      while (index < ordered.length) {
        const first = ordered[index] as IndexedLine;
        let last = index;
        while (
          last + 1 < ordered.length &&
          (ordered[last + 1] as IndexedLine).offset +
            (ordered[last + 1] as IndexedLine).length -
            first.offset <=
            SEARCH_SPAN_BYTES
        ) {
          last += 1;
        }
        const end = (ordered[last] as IndexedLine).offset + (ordered[last] as IndexedLine).length;
        const span = Buffer.alloc(end - first.offset);
        await readFully(file, span, first.offset);
        for (let at = index; at <= last; at += 1) {
          const line = ordered[at] as IndexedLine;
          const start = line.offset - first.offset;
          const text = this.searchedText(span.toString("utf8", start, start + line.length));
          if (needles.some((needle) => text.includes(needle))) found.push(line.id);
        }
        index = last + 1;
      }
    } finally {
      await file.close();
    }
    return found;
  }

  private searchedText(line: string): string {
    if (!lineNeedsMask(line, this.secrets, this.hidden)) return line.toLowerCase();
    const record = parseRecord(Buffer.from(line));
    // A line that is not a record is never shown, so it is never searched either.
    return record ? JSON.stringify(maskRecord(record, this.secrets)).toLowerCase() : "";
  }

  /** The position in `lines` of the first line whose seq is at least `seq` (they increase). */
  private firstAtOrAfter(seq: number): number {
    let low = 0;
    let high = this.lines.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.lines[middle] as IndexedLine).seq < seq) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private async catchUp(): Promise<void> {
    const file = await openStore(this.path);
    if (!file) return;
    try {
      const { size } = await file.stat();
      if (size < this.scannedTo) this.reset();
      if (!this.loaded) {
        const newestFirst: IndexedLine[] = [];
        this.scannedTo = await scanBackwards(file, size, (line, offset) => {
          const indexed = this.indexLine(line, offset);
          if (indexed) newestFirst.push(indexed);
          return newestFirst.length >= this.limit ? "stop" : "more";
        });
        this.loaded = true;
        for (let at = newestFirst.length - 1; at >= 0; at -= 1) {
          this.add(newestFirst[at] as IndexedLine);
        }
      } else if (size > this.scannedTo) {
        this.scannedTo = await scanForwards(file, this.scannedTo, size, (line, offset) => {
          const indexed = this.indexLine(line, offset);
          if (indexed) this.add(indexed);
        });
      }
    } finally {
      await file.close();
    }
  }

  private indexLine(line: Buffer, offset: number): IndexedLine | undefined {
    const record = parseRecord(line);
    if (!record) {
      this.unreadableLines += 1;
      return undefined;
    }
    const summary = maskSummary(summarise(record), this.secrets);
    return { id: summary.id, json: JSON.stringify(summary), offset, length: line.length, seq: 0 };
  }

  private add(line: IndexedLine): void {
    line.seq = this.nextSeq++;
    const previous = this.byId.get(line.id);
    if (previous) this.lines.splice(this.lines.indexOf(previous), 1);
    this.lines.push(line);
    this.byId.set(line.id, line);
    if (this.lines.length > this.limit * 1.25) {
      // Evicted in batches so that a long run does not shift the array once per request.
      for (const evicted of this.lines.splice(0, this.lines.length - this.limit)) {
        if (this.byId.get(evicted.id) === evicted) this.byId.delete(evicted.id);
      }
    }
  }

  /** The store was replaced or truncated under us: start over from its end. */
  private reset(): void {
    this.lines = [];
    this.byId.clear();
    this.scannedTo = 0;
    this.loaded = false;
  }
}

/** A query as typed and JSON-escaped, lower-cased: what a stored line is searched for. */
export function searchNeedles(query: string): string[] {
  return [...new Set([query, JSON.stringify(query).slice(1, -1)])].map((needle) =>
    needle.toLowerCase(),
  );
}

async function openStore(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, "r");
  } catch (error) {
    // No store yet: nothing captured so far is a normal state, not an error.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function parseRecord(line: Buffer): InspectorRecord | undefined {
  try {
    const value = JSON.parse(line.toString("utf8")) as Partial<InspectorRecord> | null;
    if (value && typeof value === "object" && typeof value.id === "string") {
      return value as InspectorRecord;
    }
  } catch {
    // counted by the caller
  }
  return undefined;
}
