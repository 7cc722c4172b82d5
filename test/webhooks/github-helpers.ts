import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createGithubApi } from "../../src/webhooks/github-api.js";
import type { ApiContext, WebhookApi } from "../../src/webhooks/types.js";
import { GITHUB_FAKE_TOKEN } from "../fixtures/fake-apis/github.js";
import { fakeContext } from "./api-kit.js";

// What the GitHub client's tests share: a client on the fake (no real waiting: a wait of the
// client's is when the test awaits the fake's deliveries), and a receiver on 127.0.0.1 that keeps
// what GitHub sent it.

export async function githubClient(
  apiUrl: string,
  target: ApiContext["target"] = { repo: "octo/hello" },
  options: { token?: string; sleep?: (ms: number) => Promise<void> } = {},
): Promise<{ api: WebhookApi; waits: number[] }> {
  const waits: number[] = [];
  const context = await fakeContext(
    apiUrl,
    { token: options.token ?? GITHUB_FAKE_TOKEN },
    { environment: "production", target, newId: () => "id" },
  );
  const sleep = async (ms: number) => {
    waits.push(ms);
    await options.sleep?.(ms);
  };
  return { api: createGithubApi(context, { sleep }), waits };
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export async function startReceiver(status = 200): Promise<{
  url: string;
  received: Received[];
  answer(status: number): void;
  /** Holds every answer until the function returned is called: GitHub logs a delivery only then. */
  pause(): () => void;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  let answer = status;
  let gate: Promise<void> = Promise.resolve();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      void gate.then(() => res.writeHead(answer).end());
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    answer: (next) => (answer = next),
    pause() {
      let resume = () => {};
      gate = new Promise<void>((done) => (resume = done));
      return resume;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
