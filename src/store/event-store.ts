import { close, fstat, mkdir, open, read, write } from "node:fs";
import { dirname } from "node:path";
import { promisify } from "node:util";

const openAsync = promisify(open);
const mkdirAsync = promisify(mkdir);
const fstatAsync = promisify(fstat);
const readAsync = promisify(read);
const closeAsync = promisify(close);

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * The capture store's writer: JSON Lines, append-only. `append()` resolves once its line has been
 * handed to the OS (write(2) returned), which is what lets the listener answer a request only after
 * it is stored: a `kill -9` cannot lose a line the kernel already holds. No fsync: a power cut is
 * not what this guards against, and an fsync per request would cost more than the request.
 *
 * Lines that arrive while a write is in flight are grouped into the next single write, so a burst
 * of concurrent requests costs a few syscalls rather than one each.
 */
export class EventStore {
  private pending: string[] = [];
  private waiters: Waiter[] = [];
  private writing = false;
  private closed = false;
  private idle: (() => void)[] = [];
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

  /** Appends one JSON line (without its newline); resolves once the OS has it. */
  append(line: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`the store ${this.path} is closed`));
    return new Promise((resolve, reject) => {
      this.pending.push(line);
      this.waiters.push({ resolve, reject });
      if (!this.writing) this.drain();
    });
  }

  /** Resolves once every line appended so far has been written. */
  flush(): Promise<void> {
    if (!this.writing && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Flushes, then closes the file; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return this.flush();
    await this.flush();
    this.closed = true;
    await closeAsync(this.fd);
  }

  private drain(): void {
    if (this.pending.length === 0) {
      this.writing = false;
      for (const resolve of this.idle.splice(0)) resolve();
      return;
    }
    this.writing = true;
    const lines = this.pending;
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    const prefix = this.needsNewline ? "\n" : "";
    this.needsNewline = false;
    const buffer = Buffer.from(`${prefix}${lines.join("\n")}\n`);
    this.writeAll(buffer, 0, (error) => {
      if (error) {
        // The next write starts on a fresh line whatever part of this one reached the file.
        this.needsNewline = true;
        for (const waiter of waiters) waiter.reject(error);
      } else {
        this.appended += lines.length;
        for (const waiter of waiters) waiter.resolve();
      }
      this.drain();
    });
  }

  private writeAll(buffer: Buffer, offset: number, done: (error: Error | null) => void): void {
    write(this.fd, buffer, offset, buffer.length - offset, null, (error, written) => {
      if (error) return done(error);
      if (offset + written < buffer.length) return this.writeAll(buffer, offset + written, done);
      done(null);
    });
  }
}
