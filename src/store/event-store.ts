import { close, fchmod, fstat, mkdir, open, read, stat, writeSync } from "node:fs";
import { dirname } from "node:path";
import { promisify } from "node:util";

const openAsync = promisify(open);
const mkdirAsync = promisify(mkdir);
const statAsync = promisify(stat);
const fstatAsync = promisify(fstat);
const fchmodAsync = promisify(fchmod);
const readAsync = promisify(read);
const closeAsync = promisify(close);

type Done = (error: Error | null) => void;

/**
 * Lines are written in pieces of about this many UTF-16 units (at most 3 bytes each). A burst of
 * requests can queue far more than V8's longest string (about 512 M characters: four bodies of
 * 25 MiB of control characters, which JSON escapes to six characters a byte), so no string is ever
 * built from more than this much, and a line longer than it is written in slices.
 */
const PIECE_UNITS = 1 << 20;

/**
 * The capture store's writer: JSON Lines, append-only. `append()` resolves once its line has been
 * handed to the OS (write(2) returned), which is what lets the listener answer a request only after
 * it is stored: a `kill -9` cannot lose a line the kernel already holds. No fsync: a power cut is
 * not what this guards against, and an fsync per request would cost more than the request.
 *
 * Lines appended during one turn of the event loop are written together, in synchronous writes at
 * the end of that turn (setImmediate). A small append to a regular file takes microseconds, less
 * than a round trip through libuv's thread pool, and grouping makes a burst of concurrent requests
 * cost one write rather than one each. Each group is bounded (PIECE_UNITS), and each fails or
 * succeeds on its own: an error costs the requests whose lines it held, never the process.
 */
export class EventStore {
  private pending: string[] = [];
  private waiters: Done[] = [];
  private scheduled = false;
  private closed = false;
  /** Lines handed to the OS since open. */
  appended = 0;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private needsNewline: boolean,
  ) {}

  /**
   * Opens (creating it and its missing directories, owner-only) the store at `path`. An existing
   * file that others can read is made owner-only: it holds signatures, raw headers (Clover's auth
   * code) and customer data. Errors are the file system's (ErrnoException), for file-error.ts.
   */
  static async open(path: string): Promise<EventStore> {
    await makeParents(dirname(path));
    const fd = await openAsync(path, "a+", 0o600);
    try {
      const { size, mode } = await fstatAsync(fd);
      // Only a regular file: a device or a FIFO given as the store is not ours to chmod.
      if ((mode & 0o170000) === 0o100000 && (mode & 0o077) !== 0 && process.platform !== "win32") {
        await fchmodAsync(fd, mode & 0o700);
      }
      // A line torn by a crash must not swallow the next one: start on a fresh line.
      let needsNewline = false;
      if (size > 0) {
        const last = Buffer.alloc(1);
        await readAsync(fd, last, 0, 1, size - 1);
        needsNewline = last[0] !== 0x0a;
      }
      return new EventStore(path, fd, needsNewline);
    } catch (error) {
      await closeAsync(fd).catch(() => {});
      throw error;
    }
  }

  /** Appends one JSON line (without its newline); `done` is called once the OS has it. */
  append(line: string, done: Done): void {
    if (this.closed) {
      done(new Error(`the store ${this.path} is closed`));
      return;
    }
    this.pending.push(line);
    this.waiters.push(done);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** append() as a promise. */
  write(line: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.append(line, (error) => (error ? reject(error) : resolve())),
    );
  }

  /** Writes every line appended so far, now: small lines in groups, a long one in slices. */
  flush(): void {
    this.scheduled = false;
    const lines = this.pending;
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    let first = 0;
    while (first < lines.length) {
      // The group: lines[first, end), together under PIECE_UNITS, or one line alone.
      let end = first + 1;
      let units = (lines[first] as string).length;
      while (end < lines.length && units + (lines[end] as string).length < PIECE_UNITS) {
        units += (lines[end] as string).length + 1;
        end += 1;
      }
      const error = this.writeGroup(lines, first, end);
      for (let i = first; i < end; i += 1) (waiters[i] as Done)(error);
      if (error === null) this.appended += end - first;
      first = end;
    }
  }

  /** Writes lines[first, end) and their newlines; an error is returned, never thrown. */
  private writeGroup(lines: readonly string[], first: number, end: number): Error | null {
    try {
      const prefix = this.needsNewline ? "\n" : "";
      this.needsNewline = false;
      if (end - first > 1 || (lines[first] as string).length < PIECE_UNITS) {
        writeText(this.fd, `${prefix}${lines.slice(first, end).join("\n")}\n`);
        return null;
      }
      const line = lines[first] as string;
      if (prefix) writeText(this.fd, prefix);
      for (let at = 0; at < line.length;) {
        let to = Math.min(at + PIECE_UNITS, line.length);
        // Never split a surrogate pair: each half alone would be written as U+FFFD.
        const last = line.charCodeAt(to - 1);
        if (to < line.length && last >= 0xd800 && last <= 0xdbff) to -= 1;
        writeText(this.fd, line.slice(at, to));
        at = to;
      }
      writeText(this.fd, "\n");
      return null;
    } catch (error) {
      // The next write starts on a fresh line whatever part of this one reached the file.
      this.needsNewline = true;
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  /** Flushes, then closes the file; safe to call twice. */
  async close(): Promise<void> {
    this.flush();
    if (this.closed) return;
    this.closed = true;
    await closeAsync(this.fd);
  }
}

/**
 * The string goes to write(2) as it is (no Buffer made for it each time); a regular file takes it
 * whole, and should it not, the rest follows as bytes.
 */
function writeText(fd: number, text: string): void {
  let offset = writeSync(fd, text);
  if (offset < Buffer.byteLength(text)) {
    const buffer = Buffer.from(text);
    while (offset < buffer.length) offset += writeSync(fd, buffer, offset);
  }
}

/**
 * Creates the missing directories of `dir`, top down, one mkdir each (mode 0700, so a store
 * directory hooks makes is the owner's only). Not `mkdir -p` (`recursive`): Node's recursive
 * mkdir loops for ever, at full CPU, on a file system that refuses a new directory with ENOENT
 * (`--store /proc/nope/x.jsonl`), where one plain mkdir fails at once.
 */
async function makeParents(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    try {
      if ((await statAsync(at)).isDirectory()) break;
      // A file where a directory should be: mkdir below reports it in words (EEXIST).
      missing.push(at);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || dirname(at) === at) throw error;
      missing.push(at);
    }
  }
  for (const at of missing.reverse()) {
    await mkdirAsync(at, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
      // Another process made it meanwhile: fine.
      if (error.code !== "EEXIST") throw error;
      return statAsync(at).then((found) => {
        if (!found.isDirectory()) throw error;
      });
    });
  }
}
