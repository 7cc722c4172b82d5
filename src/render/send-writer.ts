/**
 * Buffers output lines and writes them in large chunks: a run of 30 000 notifications makes
 * 30 000 lines, and one write() per line would cost more than the requests. A full stream makes
 * write() return a promise, so the senders wait for the reader instead of filling memory.
 */
export class BufferedWriter {
  private parts: string[] = [];
  private size = 0;
  private scheduled = false;
  private draining: Promise<void> | undefined;

  private closed = false;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly beforeFlush?: () => void,
    private readonly afterFlush?: () => void,
  ) {
    // `hooks send … | head`: once the reader has gone, drop the output and let the run finish.
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      this.closed = true;
      this.draining = undefined;
      this.stream.emit("drain");
    });
  }

  write(text: string): Promise<void> | undefined {
    if (this.closed) return undefined;
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 64 * 1024) return this.flush();
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
    return this.draining;
  }

  flush(): Promise<void> | undefined {
    this.scheduled = false;
    if (this.parts.length === 0 || this.closed) return this.draining;
    const text = this.parts.join("");
    this.parts = [];
    this.size = 0;
    this.beforeFlush?.();
    const ok = this.stream.write(text);
    this.afterFlush?.();
    if (!ok && !this.draining) {
      this.draining = new Promise((resolve) =>
        this.stream.once("drain", () => {
          this.draining = undefined;
          resolve();
        }),
      );
    }
    return this.draining;
  }

  /** Writes what is left and waits until the stream has taken it. */
  async end(): Promise<void> {
    await this.flush();
  }
}
