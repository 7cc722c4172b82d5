import { open, type FileHandle } from "node:fs/promises";
import { summarise, type EntrySummary, type InspectorRecord } from "./entry-summary.js";
import { readFully, scanBackwards, scanForwards } from "./line-scanner.js";

/** The inspector shows at most this many of the newest stored requests. */
export const DEFAULT_HISTORY_LIMIT = 20_000;
/** Reads for a search are grouped into spans of about this many bytes. */
const SEARCH_SPAN_BYTES = 4 << 20;

interface IndexedLine {
  summary: EntrySummary;
  offset: number;
  length: number;
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
  /** Lines that were not records (hand edits, a line torn by a crash). */
  unreadableLines = 0;

  constructor(
    readonly path: string,
    readonly limit = DEFAULT_HISTORY_LIMIT,
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
    return this.lines.slice(-this.limit).map((line) => line.summary);
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
   * matches a body that the store holds as a JSON string.
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
          const text = span.toString("utf8", start, start + line.length).toLowerCase();
          if (needles.some((needle) => text.includes(needle))) found.push(line.summary.id);
        }
        index = last + 1;
      }
    } finally {
      await file.close();
    }
    return found;
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
    return { summary: summarise(record), offset, length: line.length };
  }

  private add(line: IndexedLine): void {
    const previous = this.byId.get(line.summary.id);
    if (previous) this.lines.splice(this.lines.indexOf(previous), 1);
    this.lines.push(line);
    this.byId.set(line.summary.id, line);
    if (this.lines.length > this.limit * 1.25) {
      // Evicted in batches so that a long run does not shift the array once per request.
      for (const evicted of this.lines.splice(0, this.lines.length - this.limit)) {
        if (this.byId.get(evicted.summary.id) === evicted) this.byId.delete(evicted.summary.id);
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
