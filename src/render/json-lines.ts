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
