import { createServer, type Server } from "node:http";
import { listenError } from "./answer.js";

/** A node:http server bound to `host` and `port` (a failure to bind says what to pass instead). */
export async function openServer(
  host: string,
  port: number,
  headersTimeout: number,
): Promise<Server> {
  const server = createServer({
    headersTimeout,
    requestTimeout: Math.max(headersTimeout, 300_000),
    // Node checks the timeouts above only this often (30 s by default).
    connectionsCheckingInterval: Math.min(1_000, headersTimeout),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  }).catch((error: NodeJS.ErrnoException) => {
    throw listenError(error, host, port);
  });
  return server;
}
