import type { ServerResponse } from "node:http";
import { createServer, type AddressInfo, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/providers/catalog.js";
import { runCli, spawnCli } from "../helpers/cli.js";
import { startReceiver, type Receiver } from "../send/receiver.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
let receiver: Receiver | undefined;
let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  for (const close of closers) await close();
  closers = [];
});

interface Test {
  ok: boolean;
  status: number | null;
  error: { reason: string; message: string; detail?: string } | null;
}
interface Document {
  data: { testsRun: number; testsSucceeded: number; testsFailed: number; tests: Test[] };
  error: { code: string; message: string } | null;
}

/** A TCP server that reads the request and closes the connection without a word. */
async function hangUpServer(): Promise<string> {
  const server: Server = createServer((socket) => socket.once("data", () => socket.destroy()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

describe("hooks send --batch where the events do not batch (built binary)", () => {
  it("names the providers that batch, from the sample catalogs", async () => {
    receiver = await startReceiver();
    const listed = await runCli(["providers", "--json"]);
    const ids = (JSON.parse(listed.stdout) as { id: string }[]).map((p) => p.id);
    const batching = ids.filter((id) => loadCatalog(id).events.some((event) => event.batch));
    expect(batching).toEqual(expect.arrayContaining(["clover", "square"]));
    const result = await runCli(
      ["send", receiver.url, "--provider", "stripe", "--secret", "s", "--batch", "5"],
      {},
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `hooks: --batch: stripe does not batch objects; providers that batch: ${batching.join(", ")}\n`,
    );
    expect(receiver.requests).toHaveLength(0);
  });

  it("names the provider's own events that batch when the chosen one does not", async () => {
    receiver = await startReceiver();
    const own = loadCatalog("square")
      .events.filter((event) => event.batch)
      .map((event) => event.name);
    expect(own.length).toBeGreaterThan(0);
    const result = await runCli([
      "send",
      receiver.url,
      "--provider",
      "square",
      "--secret",
      "s",
      "--event",
      "payment.created",
      "--batch",
      "5",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `hooks: --batch: payment.created does not batch objects; square events that do: ${own.join(", ")}\n`,
    );
  });
});

describe("hooks send failure reasons (built binary)", () => {
  const cases: [string, () => Promise<string>, string, RegExp, RegExp][] = [
    [
      "an https:// URL that reaches a plain HTTP server",
      async () => (receiver = await startReceiver()).url.replace("http://", "https://"),
      "ssl_error: TLS handshake failed: the server does not speak TLS on this port (wrong version number)",
      /wrong version number/i,
      /ssl3_|SSL routines|ERR_SSL/,
    ],
    [
      "a server that closes the connection without answering",
      hangUpServer,
      "connection_error: the server closed the connection before answering",
      /UND_ERR_SOCKET|other side closed/,
      /UND_ERR_SOCKET|other side closed/,
    ],
  ];
  for (const [what, start, words, detail, raw] of cases) {
    it(`${what}: in words for people, the raw text in --json's detail`, async () => {
      const url = await start();
      const args = ["send", url, "--secret", SECRET, "--event", "user.created"];
      const [human, json] = await Promise.all([runCli(args), runCli([...args, "--json"])]);
      expect(human.code).toBe(1);
      const line = human.stdout.split("\n").find((l) => l.startsWith("✘ --- user.created"));
      expect(line).toContain(words);
      expect(human.stdout).not.toMatch(raw);
      expect(json.code).toBe(1);
      const test = (JSON.parse(json.stdout) as Document).data.tests[0]!;
      expect(test.error?.message?.startsWith(words.replace(/^\w+: /, ""))).toBe(true);
      expect(test.error?.reason).toBe(words.split(":")[0]);
      expect(test.error?.detail).toMatch(detail);
    });
  }
});

describe("a cancelled hooks send (built binary)", () => {
  /**
   * Answers the first three requests and holds the rest, so that Ctrl-C comes while one is in
   * flight; `released` answers what is held and everything after.
   */
  async function slowReceiver(): Promise<{ fourth: Promise<void>; release: () => void }> {
    const held: ServerResponse[] = [];
    let released = false;
    let fourthArrived: () => void = () => {};
    const fourth = new Promise<void>((resolve) => (fourthArrived = resolve));
    receiver = await startReceiver((_request, n, res) => {
      if (n <= 3 || released) return void res.end("ok");
      held.push(res);
      if (n === 4) fourthArrived();
    });
    const release = (): void => {
      released = true;
      for (const res of held.splice(0)) res.end("ok");
    };
    return { fourth, release };
  }

  async function cancelled(
    json: boolean,
  ): Promise<{ code: unknown; stdout: string; stderr: string }> {
    const { fourth, release } = await slowReceiver();
    const child = spawnCli([
      "send",
      receiver!.url,
      "--secret",
      SECRET,
      "--event",
      "user.created",
      "--count",
      "10",
      "--concurrency",
      "1",
      ...(json ? ["--json"] : []),
    ]);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin?.end();
    const closed = new Promise((resolve) => child.on("close", resolve));
    await fourth;
    child.kill("SIGINT");
    release();
    return { code: await closed, stdout, stderr };
  }

  it("--json names the cancellation in `error` and exits 130", async () => {
    const { code, stdout } = await cancelled(true);
    expect(code).toBe(130);
    const document = JSON.parse(stdout) as Document;
    const { testsRun, tests } = document.data;
    expect(testsRun).toBe(tests.length);
    expect(testsRun).toBeGreaterThanOrEqual(4);
    expect(testsRun).toBeLessThan(10);
    expect(document.error).toEqual({
      code: "cancelled",
      message: `cancelled by SIGINT after ${testsRun} of 10 deliveries`,
    });
  });

  it("for people, says so above the closing count", async () => {
    const { code, stdout, stderr } = await cancelled(false);
    expect(code).toBe(130);
    const lines = stdout.trimEnd().split("\n");
    const run = lines.filter((line) => line.startsWith("✔ 200 ")).length;
    expect(lines.at(-2)).toBe(`cancelled by SIGINT after ${run} of 10 deliveries`);
    expect(lines.at(-1)).toBe(`${run} passed, 0 failed`);
    expect(stderr).toBe("hooks: cancelled\n");
  });
});
