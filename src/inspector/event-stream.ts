import type { ServerResponse } from "node:http";

/** A page that stops reading is dropped past this much unsent data; it reconnects and resyncs. */
const MAX_BUFFERED_BYTES = 4 << 20;
const HEARTBEAT_MS = 15_000;

interface Client {
  res: ServerResponse;
  /** Events that arrived while the client's history was being read, sent right after it. */
  pending: string[] | undefined;
}

/**
 * Server-sent events to every open inspector page. A new page first gets a `history` event with
 * the stored summaries, then live `entry` events; events that arrive while its history is being
 * read are held back and sent after it, so nothing falls between the two.
 */
export class EventStream {
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    // Comments keep proxies and idle timers from closing a quiet stream.
    this.heartbeat = setInterval(() => this.writeAll(": ping\n\n"), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /**
   * Opens a stream and calls `history` for the first event's data; live events in the meantime
   * are queued (the client is registered before history is read).
   */
  async open(res: ServerResponse, history: () => Promise<string>): Promise<void> {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write("retry: 1000\n\n");
    const client: Client = { res, pending: [] };
    this.clients.add(client);
    res.on("close", () => this.clients.delete(client));
    try {
      this.write(client, frame("history", await history()));
    } catch (error) {
      this.write(client, frame("failure", JSON.stringify({ message: (error as Error).message })));
    }
    const pending = client.pending ?? [];
    client.pending = undefined;
    for (const text of pending) this.write(client, text);
  }

  /** Sends an event to every page (held back for pages still reading their history). */
  send(event: string, data: unknown): void {
    if (this.clients.size === 0) return;
    const text = frame(event, JSON.stringify(data));
    for (const client of this.clients) {
      if (client.pending) client.pending.push(text);
      else this.write(client, text);
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.res.end();
    this.clients.clear();
  }

  private writeAll(text: string): void {
    for (const client of this.clients) if (!client.pending) this.write(client, text);
  }

  private write(client: Client, text: string): void {
    if (client.res.destroyed) return;
    if (client.res.writableLength > MAX_BUFFERED_BYTES) {
      this.clients.delete(client);
      client.res.destroy();
      return;
    }
    client.res.write(text);
  }
}

function frame(event: string, data: string): string {
  // JSON.stringify never emits a raw newline, so the data fits one `data:` line.
  return `event: ${event}\ndata: ${data}\n\n`;
}
