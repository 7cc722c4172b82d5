import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { lowerCaseHeaders, type HeaderMap } from "../../src/util/headers.js";

export interface Received {
  method: string;
  path: string;
  headers: HeaderMap;
  body: Buffer;
}

/** A stand-in for the user's app on a free port: records what it gets, answers `status`. */
export class Receiver {
  readonly received: Received[] = [];
  status = 202;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server);
    server.on("request", (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        receiver.received.push({
          method: req.method ?? "",
          path: req.url ?? "",
          headers: lowerCaseHeaders(req.headers),
          body: Buffer.concat(chunks),
        });
        res.writeHead(receiver.status, { "content-type": "text/plain" }).end("thanks");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
