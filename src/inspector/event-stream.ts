import type { ServerResponse } from "node:http";

/**
 * More open pages than this is no browser use (a browser opens at most six connections to one
 * host); the next ones get 503 with Retry-After, as an overloaded server answers.
 */
export const MAX_STREAM_CLIENTS = 100;
/** Live events kept for pages that are behind; a page that falls further back is dropped. */
const LOG_MAX_BYTES = 4 << 20;
const LOG_MAX_EVENTS = 20_000;
const HEARTBEAT_MS = 15_000;
/** A page whose socket has taken nothing for this long is gone (or hostile): it is dropped. */
const STALLED_MS = 2 * HEARTBEAT_MS;
const RETRY_AFTER_SECONDS = 5;

/** A page's own history, read from what every page shares, one frame at a time. */
export interface HistorySource {
  /** The next frame of text (whole `event:`/`data:` lines), or undefined once all is sent. */
  next(): string | undefined;
}

interface Client {
  res: ServerResponse;
  /** Set while the history is still being read from the store, or being sent. */
  history: HistorySource | "reading" | undefined;
  /** The next live event to send: a position in the shared log. */
  seq: number;
  /** Since when the socket has refused more (write returned false), or undefined. */
  blockedSince: number | undefined;
}

/**
 * Server-sent events to every open inspector page. A new page first gets its history, then live
 * `entry` events. Nothing is copied per page: the history is read from the shared index through
 * a cursor, live events are kept once in a shared log and each page holds its position in it,
 * and a page is written to only while its socket takes more (write() returning false pauses it
 * until `drain`). So a page that stops reading costs one frame of memory, and is dropped once it
 * is too far behind or stalled too long; it reconnects and starts again from its history.
 */
export class EventStream {
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;
  private log: string[] = [];
  private logBytes = 0;
  /** The seq of log[0]. */
  private logStart = 0;

  constructor(
    private readonly maxClients = MAX_STREAM_CLIENTS,
    private readonly clock: () => number = Date.now,
  ) {
    // Comments keep proxies and idle timers from closing a quiet stream.
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /**
   * Opens a stream and sends what `history` gives before any live event; live events from the
   * moment of opening on are kept for it meanwhile (the page drops the ones it already has).
   */
  async open(res: ServerResponse, history: () => Promise<HistorySource>): Promise<void> {
    if (this.clients.size >= this.maxClients) {
      const message = `more than ${this.maxClients} inspector pages are open; close some and retry`;
      const body = JSON.stringify({ error: message });
      res.writeHead(503, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(body),
        "retry-after": String(RETRY_AFTER_SECONDS),
        "cache-control": "no-store",
      });
      res.end(body);
      return;
    }
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write("retry: 1000\n\n");
    const client: Client = { res, history: "reading", seq: this.logEnd, blockedSince: undefined };
    this.clients.add(client);
    res.on("close", () => this.clients.delete(client));
    res.on("drain", () => {
      client.blockedSince = undefined;
      this.pump(client);
    });
    try {
      client.history = await history();
    } catch (error) {
      client.history = once(
        frame("failure", JSON.stringify({ message: (error as Error).message })),
      );
    }
    this.pump(client);
  }

  /** Sends an event to every page, after its history. */
  send(event: string, data: unknown): void {
    if (this.clients.size === 0) return;
    this.append(frame(event, JSON.stringify(data)));
    for (const client of this.clients) this.pump(client);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.res.end();
    this.clients.clear();
    this.log = [];
    this.logBytes = 0;
  }

  private get logEnd(): number {
    return this.logStart + this.log.length;
  }

  private append(text: string): void {
    this.log.push(text);
    this.logBytes += text.length;
    // Cut in batches (past a quarter over the limits), so a full log is not shifted per event.
    if (this.logBytes <= LOG_MAX_BYTES * 1.25 && this.log.length <= LOG_MAX_EVENTS * 1.25) return;
    let drop = 0;
    while (
      drop < this.log.length - 1 &&
      (this.logBytes > LOG_MAX_BYTES || this.log.length - drop > LOG_MAX_EVENTS)
    ) {
      this.logBytes -= (this.log[drop] as string).length;
      drop += 1;
    }
    this.forget(drop);
  }

  /** Drops the `count` oldest live events. */
  private forget(count: number): void {
    if (count <= 0) return;
    this.log.splice(0, count);
    this.logStart += count;
  }

  /** Writes to a page what it has not had yet, for as long as its socket takes more. */
  private pump(client: Client): void {
    const { res } = client;
    // Too far behind: what it missed is gone from the log, so it must start again.
    if (client.seq < this.logStart) return this.drop(client);
    while (!res.destroyed && client.blockedSince === undefined) {
      let text: string | undefined;
      if (client.history === "reading") return;
      if (client.history) {
        text = client.history.next();
        if (text === undefined) {
          client.history = undefined;
          continue;
        }
      } else if (client.seq < this.logEnd) {
        text = this.log[client.seq - this.logStart] as string;
        client.seq += 1;
      } else {
        return;
      }
      if (!res.write(text)) client.blockedSince = this.clock();
    }
  }

  private beat(): void {
    const now = this.clock();
    let oldestNeeded = this.logEnd;
    for (const client of this.clients) {
      oldestNeeded = Math.min(oldestNeeded, client.seq);
      if (client.blockedSince !== undefined) {
        if (now - client.blockedSince >= STALLED_MS) this.drop(client);
      } else if (client.history === undefined && client.seq >= this.logEnd) {
        if (!client.res.write(": ping\n\n")) client.blockedSince = now;
      }
    }
    // What every page has had is of no more use.
    const unneeded = oldestNeeded - this.logStart;
    for (let at = 0; at < unneeded; at += 1) this.logBytes -= (this.log[at] as string).length;
    this.forget(unneeded);
  }

  private drop(client: Client): void {
    this.clients.delete(client);
    client.res.destroy();
  }
}

export function frame(event: string, data: string): string {
  // JSON.stringify never emits a raw newline, so the data fits one `data:` line.
  return `event: ${event}\ndata: ${data}\n\n`;
}

function once(text: string): HistorySource {
  let sent = false;
  return {
    next() {
      if (sent) return undefined;
      sent = true;
      return text;
    },
  };
}
