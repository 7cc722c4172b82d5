import { close, fstat, mkdir, open, read, writeSync } from "node:fs";
import { dirname } from "node:path";
import { promisify } from "node:util";

const openAsync = promisify(open);
const mkdirAsync = promisify(mkdir);
const fstatAsync = promisify(fstat);
const readAsync = promisify(read);
const closeAsync = promisify(close);

type Done = (error: Error | null) => void;

/**
 * The capture store's writer: JSON Lines, append-only. `append()` resolves once its line has been
 * handed to the OS (write(2) returned), which is what lets the listener answer a request only after
 * it is stored: a `kill -9` cannot lose a line the kernel already holds. No fsync: a power cut is
 * not what this guards against, and an fsync per request would cost more than the request.
 *
 * Lines appended during one turn of the event loop are written together, in one synchronous
 * write at the end of that turn (setImmediate). A small append to a regular file takes
 * microseconds, less than a round trip through libuv's thread pool, and grouping makes a burst of
 * concurrent requests cost one write rather than one each.
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

  static async open(path: string): Promise<EventStore> {
    await mkdirAsync(dirname(path), { recursive: true, mode: 0o700 });
    // Captured requests carry signatures and customer data: readable by the owner only.
    const fd = await openAsync(path, "a+", 0o600);
    // A line torn by a crash must not swallow the next one: start on a fresh line.
    const { size } = await fstatAsync(fd);
    let needsNewline = false;
    if (size > 0) {
      const last = Buffer.alloc(1);
      await readAsync(fd, last, 0, 1, size - 1);
      needsNewline = last[0] !== 0x0a;
    }
    return new EventStore(path, fd, needsNewline);
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

  /** Writes every line appended so far, now. */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const lines = this.pending;
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    const prefix = this.needsNewline ? "\n" : "";
    this.needsNewline = false;
    const text = `${prefix}${lines.join("\n")}\n`;
    try {
      // The string goes to write(2) as it is (no Buffer made for it on every turn); a regular
      // file takes it whole, and should it not, the rest follows as bytes.
      let offset = writeSync(this.fd, text);
      if (offset < Buffer.byteLength(text)) {
        const buffer = Buffer.from(text);
        while (offset < buffer.length) offset += writeSync(this.fd, buffer, offset);
      }
    } catch (error) {
      // The next write starts on a fresh line whatever part of this one reached the file.
      this.needsNewline = true;
      for (const done of waiters) done(error as Error);
      return;
    }
    this.appended += lines.length;
    for (const done of waiters) done(null);
  }

  /** Flushes, then closes the file; safe to call twice. */
  async close(): Promise<void> {
    this.flush();
    if (this.closed) return;
    this.closed = true;
    await closeAsync(this.fd);
  }
}
