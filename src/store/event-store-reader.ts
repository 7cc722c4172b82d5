import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { UsageError } from "../errors.js";
import { fileError, isFileError } from "../util/file-error.js";
import type { RequestRecord } from "./event-store-record.js";

/** What a read of the store ran into besides records, for the user to be told. */
export interface ReadNotes {
  /** A last line without its newline that is not JSON: a write cut short by a crash. */
  tornLastLine: boolean;
  /** Other lines that are not a request record (edited by hand, another program's output). */
  unreadableLines: number;
}

export function describeNotes(path: string, notes: ReadNotes): string[] {
  const out: string[] = [];
  if (notes.tornLastLine) {
    out.push(`skipped a torn last line in ${path} (a write cut short, e.g. by a crash)`);
  }
  if (notes.unreadableLines > 0) {
    out.push(`skipped ${notes.unreadableLines} unreadable line(s) in ${path}`);
  }
  return out;
}

/**
 * Streams the store's records in order, one line at a time, so that a store of a million
 * requests is read in constant memory. Lines that are not records are counted in `notes`.
 */
export async function* readRecords(path: string, notes: ReadNotes): AsyncGenerator<RequestRecord> {
  await assertStore(path);
  const lines = createInterface({
    input: createReadStream(path, { encoding: "utf8" }),
    crlfDelay: Infinity,
  });
  // A line is judged only once the next one is known, so the last one can be told apart.
  let previous: string | undefined;
  try {
    for await (const line of lines) {
      if (previous !== undefined) {
        const record = parseRecord(previous);
        if (record) yield record;
        else notes.unreadableLines += 1;
      }
      previous = line;
    }
    if (previous === undefined || previous === "") return;
    const record = parseRecord(previous);
    if (record) yield record;
    else if (!(await endsWithNewline(path))) notes.tornLastLine = true;
    else notes.unreadableLines += 1;
  } catch (error) {
    // The store is opened only once reading starts: a directory or an unreadable file fails here.
    if (isFileError(error)) throw fileError("read the store", path, error, STORE_FIX);
    throw error;
  }
}

/** The last `limit` records, oldest first (a ring buffer, so memory is bounded by `limit`). */
export async function recentRecords(
  path: string,
  limit: number,
  notes: ReadNotes,
): Promise<RequestRecord[]> {
  const ring: RequestRecord[] = [];
  let next = 0;
  for await (const record of readRecords(path, notes)) {
    if (limit === 0) continue;
    if (ring.length < limit) ring.push(record);
    else ring[next] = record;
    next = (next + 1) % limit;
  }
  return ring.length < limit ? ring : [...ring.slice(next), ...ring.slice(0, next)];
}

/**
 * Finds a record by id, or by a part of one that matches a single id: its beginning (as git does
 * with hashes) or its end, the short id `hooks listen` shows in brackets (`[x2yw9w]`, brackets
 * and all). The newest record wins when an id was stored twice.
 */
export async function findRecord(
  path: string,
  given: string,
  notes: ReadNotes,
): Promise<RequestRecord> {
  const id = given.replace(/^\[(.+)\]$/, "$1");
  let exact: RequestRecord | undefined;
  const prefixed = new Map<string, RequestRecord>();
  for await (const record of readRecords(path, notes)) {
    if (record.id === id) exact = record;
    else if ((record.id.startsWith(id) || record.id.endsWith(id)) && prefixed.size < 2) {
      prefixed.set(record.id, record);
    }
  }
  if (exact) return exact;
  if (prefixed.size === 1) return [...prefixed.values()][0] as RequestRecord;
  if (prefixed.size > 1) {
    throw new UsageError(`"${id}" matches several requests in ${path}; give more of the id`);
  }
  throw new UsageError(`no request "${id}" in ${path}; \`hooks events list\` shows the ids`);
}

function parseRecord(line: string): RequestRecord | undefined {
  if (line.trim() === "") return undefined;
  try {
    const value = JSON.parse(line) as Partial<RequestRecord> | null;
    if (value && typeof value === "object" && typeof value.id === "string") {
      return value as RequestRecord;
    }
  } catch {
    // not JSON: counted by the caller
  }
  return undefined;
}

const STORE_FIX = "pass --store <file>, a file hooks listen wrote";

async function assertStore(path: string): Promise<void> {
  try {
    await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new UsageError(
        `no store at ${path} yet: run \`hooks listen\` first, or pass --store <file>`,
      );
    }
    throw fileError("read the store", path, error, STORE_FIX);
  }
}

async function endsWithNewline(path: string): Promise<boolean> {
  const { size } = await stat(path);
  if (size === 0) return true;
  const stream = createReadStream(path, { start: size - 1, end: size - 1 });
  for await (const chunk of stream) return (chunk as Buffer)[0] === 0x0a;
  return true;
}
