import { createServer } from "node:net";
import type { Check } from "./types.js";

/** Whether `hooks listen` could bind: listen on the port for a moment, then let it go. */
export function checkPort(port: number, host = "127.0.0.1", origin = "default"): Promise<Check> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      const inUse = error.code === "EADDRINUSE";
      resolve({
        name: "port",
        status: "fail",
        message: inUse
          ? `port ${port} on ${host} is in use (another hooks listen, or another program)`
          : `cannot listen on ${host}:${port} (${error.code ?? error.message})`,
        fix: `stop what holds it, or pick another port: hooks listen --port <n>, or hooks config set port <n>`,
        details: { port, host, origin, code: error.code },
      });
    });
    server.listen({ port, host, exclusive: true }, () => {
      // Binding port 0 always succeeds: what it means for hooks listen is what to say.
      const free =
        port === 0
          ? `port 0: hooks listen picks a free port on ${host}`
          : `port ${port} is free on ${host}`;
      server.close(() =>
        resolve({
          name: "port",
          status: "ok",
          message: `${free}${origin === "default" ? " (the default)" : ` (from ${origin})`}`,
          details: { port, host, origin },
        }),
      );
    });
  });
}
