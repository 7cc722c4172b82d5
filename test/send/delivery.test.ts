import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startReceiver, signatureIsValid, type Receiver } from "./receiver.js";
import { json, send } from "./run.js";

let receiver: Receiver | undefined;
let closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  for (const close of closers) await close();
  closers = [];
});

/** Fails the first `failures` requests with 500, then answers 200. */
const failThenSucceed =
  (failures: number) =>
  (_r: unknown, n: number, res: import("node:http").ServerResponse): void => {
    res.statusCode = n <= failures ? 500 : 200;
    res.end(n <= failures ? "database is down" : "ok");
  };

/** A clock that moves 2 s on every reading, so each signature gets a fresh timestamp. */
function steppingClock(start = 1_800_000_000_000): () => number {
  let now = start;
  return () => (now += 2000);
}

describe("--retries", () => {
  it("square: redelivers with square-retry-number and -reason, the same event_id and body", async () => {
    receiver = await startReceiver(failThenSucceed(2));
    const delays: number[] = [];
    const run = await send(
      {
        url: receiver.url,
        provider: "square",
        secret: ["k"],
        event: ["payment.updated"],
        retries: "3",
      },
      { sleep: async (ms) => void delays.push(ms) },
    );
    expect(run.tests[0]).toMatchObject({ ok: true, status: 200, attempts: 3, error: null });
    const [first, second, third] = receiver.requests;
    expect(first?.headers["square-retry-number"]).toBeUndefined();
    expect(second?.headers["square-retry-number"]).toBe("1");
    expect(second?.headers["square-retry-reason"]).toBe("http_error");
    expect(third?.headers["square-retry-number"]).toBe("2");
    expect(third?.body.equals(first?.body as Buffer)).toBe(true);
    expect(json(third?.body as Buffer).event_id).toBe(run.tests[0]?.id);
    expect(third?.headers["square-initial-delivery-timestamp"]).toBe(
      first?.headers["square-initial-delivery-timestamp"],
    );
    for (const r of receiver.requests)
      expect(signatureIsValid("square", "k", receiver.url, r)).toBe(true);
    expect(delays).toHaveLength(2);
    expect(delays.every((ms) => ms > 0)).toBe(true);
  });

  it("standard: a retry keeps its webhook-id with a fresh timestamp and signature", async () => {
    receiver = await startReceiver(failThenSucceed(1));
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const run = await send(
      {
        url: receiver.url,
        provider: "standard",
        secret: [secret],
        event: ["invoice.paid"],
        retries: "1",
      },
      { now: steppingClock() },
    );
    expect(run.tests[0]).toMatchObject({ ok: true, attempts: 2 });
    const [first, second] = receiver.requests;
    expect(second?.headers["webhook-id"]).toBe(first?.headers["webhook-id"]);
    expect(second?.headers["webhook-id"]).toBe(run.tests[0]?.id);
    expect(Number(second?.headers["webhook-timestamp"])).toBeGreaterThan(
      Number(first?.headers["webhook-timestamp"]),
    );
    expect(second?.headers["webhook-signature"]).not.toBe(first?.headers["webhook-signature"]);
    for (const r of receiver.requests)
      expect(signatureIsValid("standard", secret, receiver.url, r)).toBe(true);
  });

  it("slack: X-Slack-Retry-Num and X-Slack-Retry-Reason", async () => {
    receiver = await startReceiver(failThenSucceed(1));
    await send({
      url: receiver.url,
      provider: "slack",
      secret: ["s"],
      event: ["app_mention"],
      retries: "2",
    });
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]?.headers["x-slack-retry-num"]).toBe("1");
    expect(receiver.requests[1]?.headers["x-slack-retry-reason"]).toBe("http_error");
  });

  it("fails with the last reason once the retries are used up", async () => {
    receiver = await startReceiver(failThenSucceed(99));
    const run = await send({
      url: receiver.url,
      provider: "poynt",
      secret: ["p"],
      event: ["ORDER_OPENED"],
      retries: "2",
    });
    expect(receiver.requests).toHaveLength(3);
    expect(run.tests[0]).toMatchObject({ ok: false, status: 500, attempts: 3 });
    expect(run.tests[0]?.error).toEqual({
      reason: "http_error",
      message: "HTTP 500: database is down",
    });
    expect(run.summary).toMatchObject({ testsRun: 1, testsSucceeded: 0, testsFailed: 1 });
  });
});

describe("failure reasons", () => {
  it("http_error for a redirect: senders do not follow it", async () => {
    receiver = await startReceiver((_r, _n, res) => {
      res.writeHead(302, { location: "https://elsewhere.example/hook" }).end();
    });
    const run = await send({
      url: receiver.url,
      provider: "github",
      secret: ["s"],
      event: ["ping"],
    });
    expect(run.tests[0]).toMatchObject({ ok: false, status: 302 });
    expect(run.tests[0]?.error?.reason).toBe("http_error");
    expect(run.tests[0]?.error?.message).toContain("https://elsewhere.example/hook");
    expect(receiver.requests).toHaveLength(1);
  });

  it("http_timeout when no answer comes within --timeout", async () => {
    receiver = await startReceiver((_r, _n, res) => void setTimeout(() => res.end("late"), 400));
    const run = await send({
      url: receiver.url,
      provider: "poynt",
      secret: ["p"],
      event: ["ORDER_OPENED"],
      timeout: "100",
    });
    expect(run.tests[0]).toMatchObject({ ok: false, status: null });
    expect(run.tests[0]?.error).toEqual({
      reason: "http_timeout",
      message: "no response within 100 ms",
    });
  });

  it("uses the provider's delivery limit by default", async () => {
    receiver = await startReceiver();
    const run = await send({
      url: receiver.url,
      provider: "poynt",
      secret: ["p"],
      event: ["ORDER_OPENED"],
    });
    expect(run.plan.timeoutMs).toBe(2000);
    const slack = await send({
      url: receiver.url,
      provider: "slack",
      secret: ["p"],
      event: ["app_mention"],
    });
    expect(slack.plan.timeoutMs).toBe(3000);
  });

  it("connection_error when nothing listens", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const run = await send({
      url: `http://127.0.0.1:${port}/hook`,
      provider: "stripe",
      secret: ["s"],
      event: ["charge.succeeded"],
    });
    expect(run.tests[0]).toMatchObject({ ok: false, status: null });
    expect(run.tests[0]?.error?.reason).toBe("connection_error");
    expect(run.tests[0]?.error?.message).toMatch(
      /^connection refused: nothing is listening on 127\.0\.0\.1:\d+$/,
    );
    expect(run.tests[0]?.error?.detail).toMatch(/ECONNREFUSED/);
  });

  describe("TLS", () => {
    let openssl = true;
    try {
      execFileSync("openssl", ["version"], { stdio: "ignore" });
    } catch {
      openssl = false;
      console.warn("openssl not found: skipping the ssl_error and --insecure tests");
    }

    async function selfSignedServer(): Promise<string> {
      const dir = mkdtempSync(join(tmpdir(), "hooks-tls-"));
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-keyout",
          join(dir, "key.pem"),
          "-out",
          join(dir, "cert.pem"),
          "-days",
          "1",
          "-subj",
          "/CN=127.0.0.1",
        ],
        { stdio: "ignore" },
      );
      const server: HttpsServer = createHttpsServer(
        { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) },
        (req, res) => {
          req.resume();
          req.on("end", () => res.end("ok"));
        },
      );
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      closers.push(
        () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      );
      return `https://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    }

    it.skipIf(!openssl)(
      "ssl_error against a self-signed certificate; --insecure accepts it",
      async () => {
        const url = await selfSignedServer();
        const strict = await send({
          url,
          provider: "shopify",
          secret: ["s"],
          event: ["orders/paid"],
        });
        expect(strict.tests[0]).toMatchObject({ ok: false, status: null });
        expect(strict.tests[0]?.error).toMatchObject({
          reason: "ssl_error",
          message:
            "TLS handshake failed: the server's certificate is self-signed; --insecure accepts it",
          detail: expect.stringMatching(/DEPTH_ZERO_SELF_SIGNED_CERT|self.signed/i),
        });
        const insecure = await send({
          url,
          provider: "shopify",
          secret: ["s"],
          event: ["orders/paid"],
          insecure: true,
        });
        expect(insecure.tests[0]).toMatchObject({ ok: true, status: 200 });
      },
    );

    it("ssl_error when an https:// URL reaches a plain HTTP server", async () => {
      receiver = await startReceiver();
      const url = receiver.url.replace("http://", "https://");
      const run = await send({ url, provider: "clover", secret: ["c"], event: ["O.CREATE"] });
      expect(run.tests[0]?.error?.reason).toBe("ssl_error");
    });
  });
});

describe("--header and --concurrency", () => {
  it("adds headers, a user's header winning over the signature", async () => {
    receiver = await startReceiver();
    await send({
      url: receiver.url,
      provider: "github",
      secret: ["s"],
      event: ["ping"],
      header: ["X-Trace: abc", "X-Hub-Signature-256: sha256=forged"],
    });
    expect(receiver.requests[0]?.headers["x-trace"]).toBe("abc");
    expect(receiver.requests[0]?.headers["x-hub-signature-256"]).toBe("sha256=forged");
  });

  it("never has more requests in flight than --concurrency", async () => {
    let inFlight = 0;
    let peak = 0;
    receiver = await startReceiver((_r, _n, res) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.end("ok");
      }, 5);
    });
    const run = await send({
      url: receiver.url,
      provider: "standard",
      secret: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
      event: ["user.created"],
      count: "40",
      concurrency: "4",
    });
    expect(run.summary.testsSucceeded).toBe(40);
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThan(1);
  });
});
