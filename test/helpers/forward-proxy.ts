import { createServer, request, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";

/**
 * A forward proxy on a free port, as HTTP_PROXY would name one: it tunnels CONNECT requests
 * (what undici's proxy agents send, for http:// targets too) and passes absolute-form requests
 * on, and records the target of each, so a test can see what went through it.
 */
export class ForwardProxy {
  /** `host:port` of every CONNECT, the absolute URL of every plain request. */
  readonly targets: string[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<ForwardProxy> {
    const server = createServer();
    const proxy = new ForwardProxy(server);
    server.on("connection", (socket: Socket) => proxy.track(socket));
    server.on("connect", (req, client: Socket, head: Buffer) => {
      proxy.targets.push(req.url ?? "");
      const [host, port] = (req.url ?? "").split(":");
      const upstream = proxy.track(
        connect(Number(port), host, () => {
          client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
          upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        }),
      );
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
    server.on("request", (req, res) => {
      proxy.targets.push(req.url ?? "");
      const upstream = request(
        req.url ?? "",
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    return socket;
  }
}
