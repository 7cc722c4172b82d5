import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** The fake cloudflared executable (test/fixtures/cloudflared). */
export const FAKE_CLOUDFLARED = fileURLToPath(new URL("../fixtures/cloudflared", import.meta.url));

/** Sets the fake's FAKE_CLOUDFLARED_* variables for children spawned from now on. */
export function fakeEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(vars);
  return () => apply(saved);
}

/**
 * A token as Cloudflare's dashboard hands it out: base64 of {"a": account tag, "t": tunnel id,
 * "s": tunnel secret (base64, as Go marshals []byte)} (cloudflared connection/connection.go
 * TunnelToken). Returns the token and its secret, which the fake's FAKE_CLOUDFLARED_EDGE_KNOWS
 * compares with.
 */
export function tunnelToken(secret = randomBytes(32).toString("base64")): {
  token: string;
  secret: string;
} {
  const fields = { a: randomBytes(16).toString("hex"), t: randomUUID(), s: secret };
  return { token: Buffer.from(JSON.stringify(fields)).toString("base64"), secret };
}

/**
 * A port free on 127.0.0.1 right now (for the fake's public hostname, hooks' own port, a
 * README recipe's port). Drawn below Linux's ephemeral range (32768 and up), which is where
 * port 0 binds and where every outgoing connection of the suite takes its local port: a port
 * from there can be taken by some test's client socket between this check and its use.
 */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 50; tries += 1) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await bindable(port)) return port;
  }
  throw new Error("no free port found in 20000..31999");
}

function bindable(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
