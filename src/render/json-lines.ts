/**
 * NDJSON on stdout, written in batches: lines produced in the same turn of the event loop go out
 * in one write, so a burst of requests does not cost a write(2) each.
 */
export class JsonLines {
  private buffer = "";
  private scheduled = false;

  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  /** Queues a line that is already JSON. */
  line(json: string): void {
    // A long line (a 25 MiB body escaped) goes out on its own: joined to others it could pass
    // V8's longest string, which would end the process.
    if (json.length >= BATCH_UNITS) {
      this.flush();
      this.out.write(json);
      this.out.write("\n");
      return;
    }
    if (this.buffer.length + json.length >= BATCH_UNITS) this.flush();
    this.buffer += `${json}\n`;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  object(value: object): void {
    this.line(JSON.stringify(value));
  }

  flush(): void {
    this.scheduled = false;
    if (this.buffer === "") return;
    const text = this.buffer;
    this.buffer = "";
    this.out.write(text);
  }
}

/** The most UTF-16 units buffered before a write. */
const BATCH_UNITS = 1 << 20;
