import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FAKE_CLOUDFLARED } from "../tunnel/fake.js";

/**
 * GitHub's release download as a cloudflared install meets it, on 127.0.0.1: `/latest/<asset>`
 * redirects to `/objects/<asset>`, which serves the fake cloudflared (test/fixtures/cloudflared)
 * in two chunks with its Content-Length; anything else is 404.
 */
export class FakeReleases {
  /** The paths asked for, in order. */
  readonly requests: string[] = [];
  private readonly binary = readFileSync(FAKE_CLOUDFLARED);
  private readonly server = createServer((req, res) => this.answer(req, res));

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return this;
  }

  /** The URL to give HOOKS_CLOUDFLARED_URL. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/latest/cloudflared-linux-amd64`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? "/";
    this.requests.push(path);
    if (path.startsWith("/latest/")) {
      res.writeHead(302, { location: path.replace("/latest/", "/objects/") }).end();
    } else if (path.startsWith("/objects/")) {
      res.writeHead(200, { "content-length": this.binary.length });
      const half = Math.floor(this.binary.length / 2);
      res.write(this.binary.subarray(0, half));
      res.end(this.binary.subarray(half));
    } else {
      res.writeHead(404).end("Not Found");
    }
  }
}
