import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
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

/** A port free on 127.0.0.1 right now (for the fake's public hostname and hooks' own port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
