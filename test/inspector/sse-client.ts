import { request, type ClientRequest } from "node:http";

export interface ServerEvent {
  event: string;
  data: unknown;
}

/** A minimal EventSource for tests: collects events and waits for one without sleeping. */
export class SseClient {
  readonly events: ServerEvent[] = [];
  private buffer = "";
  private waiters: (() => void)[] = [];
  private constructor(private readonly req: ClientRequest) {}

  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { accept: "text/event-stream", ...headers } });
      const client = new SseClient(req);
      req.on("response", (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => client.feed(chunk));
        resolve(client);
      });
      req.on("error", reject);
      req.end();
    });
  }

  async next(event: string, match: (data: unknown) => boolean = () => true): Promise<unknown> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = this.events.find(
        (candidate) => candidate.event === event && match(candidate.data),
      );
      if (found) return found.data;
      if (Date.now() > deadline)
        throw new Error(`no "${event}" event; got ${this.events.map((e) => e.event).join(", ")}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  close(): void {
    this.req.destroy();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end = this.buffer.indexOf("\n\n");
    while (end !== -1) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (event && data !== undefined) this.events.push({ event, data: JSON.parse(data) });
      end = this.buffer.indexOf("\n\n");
    }
    for (const wake of this.waiters.splice(0)) wake();
  }
}
