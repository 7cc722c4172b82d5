import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll } from "vitest";
import type { ApiContext } from "../../src/webhooks/types.js";
import {
  startPoyntFake,
  type PoyntFake,
  type PoyntFakeOptions,
} from "../fixtures/fake-apis/poynt.js";
import { startReceiver, type Received } from "../send/receiver.js";
import { closedAfterEach, fakeContext } from "./api-kit.js";

// What the Poynt client's tests share: an RSA key pair made for the run (the private key in a PEM
// file, as a user has it from poynt.net; the public key for the fake), one clock for the client
// and the fake, and a local receiver for the fake's deliveries.

export const BUSINESS = "569e957c-57a7-4d54-a72a-9e8f3296adad";
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The secret of Poynt's webhooks guide. */
export const SECRET = "not-the-secret-you-know";

export interface PoyntKit {
  dir: string;
  keyPath: string;
  publicKey: string;
  /** A key pair Poynt does not know. */
  otherPublicKey: string;
  time: { now: number };
  fake(options?: Partial<PoyntFakeOptions>): Promise<PoyntFake>;
  context(server: PoyntFake, overrides?: Partial<ApiContext>): Promise<ApiContext>;
  /** A receiver answering each delivery with the next of `statuses`, then 200. */
  receiver(statuses?: number[]): Promise<{ url: string; received: Received[] }>;
  write(name: string, text: string): string;
}

export function usePoyntKit(): PoyntKit {
  const closeLater = closedAfterEach();
  const kit: PoyntKit = {
    dir: "",
    keyPath: "",
    publicKey: "",
    otherPublicKey: "",
    time: { now: 0 },
    async fake(options = {}) {
      kit.time.now = Date.parse("2025-10-01T12:00:00Z");
      const server = await startPoyntFake({
        publicKey: kit.publicKey,
        requireHttps: false,
        pageSize: 2,
        clock: () => kit.time.now,
        ...options,
      });
      return closeLater(server);
    },
    async context(server, overrides = {}) {
      const credentials = { applicationId: server.state.applicationId, privateKey: kit.keyPath };
      return fakeContext(server.url, credentials, {
        target: { business: BUSINESS },
        clock: () => kit.time.now,
        ...overrides,
      });
    },
    async receiver(statuses = []) {
      const receiver = await startReceiver((_request, _n, response) => {
        response.writeHead(statuses.shift() ?? 200).end();
      });
      return { url: closeLater(receiver).url, received: receiver.requests };
    },
    write(name, text) {
      const path = join(kit.dir, name);
      writeFileSync(path, text);
      return path;
    },
  };

  beforeAll(() => {
    kit.dir = mkdtempSync(join(tmpdir(), "hooks-poynt-"));
    const pair = () =>
      generateKeyPairSync("rsa", {
        modulusLength: 2048,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
      });
    const app = pair();
    kit.keyPath = kit.write("key.pem", app.privateKey);
    kit.publicKey = app.publicKey;
    kit.otherPublicKey = pair().publicKey;
    return () => rmSync(kit.dir, { recursive: true, force: true });
  });

  return kit;
}
