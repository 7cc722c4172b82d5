// Issue 11, the listener's part: hostile senders against the spawned `hooks listen`, on 127.0.0.1,
// with the limits lowered through flags so that each attack stays small and quick.
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { send, type Reply } from "../listener/http-client.js";
import { ListenProcess, pool, type JsonLine } from "../listener/listen-process.js";

let dir: string;
let store: string;
let running: ListenProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-hostile-listener-"));
  store = join(dir, "events.jsonl");
});
afterEach(async () => {
  await running?.stop("SIGKILL");
  running = undefined;
  await rm(dir, { recursive: true, force: true });
});

function listen(args: string[]): ListenProcess {
  running = ListenProcess.start(
    ["--tunnel", "none", "--no-inspect", "--port", "0", "--store", store, ...args],
    { XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir },
  );
  return running;
}

/** The human banner names the port (for runs whose --json lines would be too big to collect). */
async function humanPort(proc: ListenProcess): Promise<number> {
  await proc.waitForText(/listening on http:\/\/127\.0\.0\.1:\d+/);
  return Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(proc.stdout)?.[1]);
}

async function records(): Promise<JsonLine[]> {
  const text = await readFile(store, "utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as JsonLine);
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

/** A Stripe-looking delivery (its event id comes from the body); the signature does not matter. */
function stripeEvent(eventId: string): { headers: Record<string, string>; body: string } {
  return {
    headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=00" },
    body: JSON.stringify({ id: eventId, type: "invoice.paid" }),
  };
}

describe("item 2: memory stays bounded under any input", () => {
  it("keeps a long event id as a short label, and tells long ids apart by their whole value", async () => {
    const proc = listen(["--json"]);
    const { localUrl } = await proc.ready();
    const long = "evt_".padEnd(300_000, "x");
    const url = `${String(localUrl)}/hook`;
    await send(url, stripeEvent(`${long}A`));
    await send(url, stripeEvent(`${long}B`));
    await send(url, stripeEvent(`${long}A`));
    await proc.stop();
    const [first, second, again] = await records();
    for (const record of [first, second, again]) {
      expect(String(record?.eventId).length).toBeLessThanOrEqual(256);
      expect(String(record?.eventId)).toMatch(/^evt_x+…$/);
      // The body, which is what was sent, is kept whole.
      expect(String(record?.body).length).toBeGreaterThan(300_000);
    }
    expect(second?.duplicateOf).toBeUndefined();
    expect(again?.duplicateOf).toBe(first?.id);
  });

  it.runIf(process.platform === "linux")(
    "does not keep 100 event ids of 1 MiB in memory (the duplicate index keeps digests)",
    async () => {
      const proc = listen([]);
      const port = await humanPort(proc);
      const pid = proc.child.pid as number;
      const before = rssMiB(pid);
      const pad = "x".repeat(1024 * 1024);
      const statuses = await pool(100, 4, async (i) => {
        const reply = await send(`http://127.0.0.1:${port}/hook`, stripeEvent(`evt_${i}_${pad}`));
        return reply.status;
      });
      expect(statuses.every((status) => status === 200)).toBe(true);
      // Kept whole, the ids alone would be 100 MiB (200 as UTF-16) on top of the start.
      expect(rssMiB(pid) - before).toBeLessThan(200);
    },
  );

  it("answers 503 with Retry-After once --max-in-flight bytes of bodies are held, and stores it", async () => {
    // For people, each arrival is shown as soon as it is read, before its --delay.
    const proc = listen(["--max-body", "1MiB", "--max-in-flight", "2MiB", "--delay", "1000"]);
    const localUrl = `http://127.0.0.1:${await humanPort(proc)}`;
    const url = `${localUrl}/hook`;
    const body = Buffer.alloc(1024 * 1024, 0x61);
    // Two bodies of 1 MiB fill the budget for the second they are held (--delay)...
    const held = [send(url, { body }), send(url, { body })];
    await waitForArrivals(proc, 2);
    // ...so that these are refused at once, whether sized or chunked.
    const refused = await Promise.all([
      send(url, { body }),
      send(url, { body: Buffer.alloc(10, 0x62) }),
      chunked(port(localUrl), "0123456789"),
    ]);
    for (const reply of refused) {
      expect(reply.status).toBe(503);
      expect(reply.headers["retry-after"]).toBe("2");
    }
    expect((await Promise.all(held)).map((reply) => reply.status)).toEqual([200, 200]);
    // Once those are answered their room is free again.
    expect((await send(url, { body })).status).toBe(200);
    await proc.stop();
    const stored = await records();
    expect(stored.map((record) => (record.response as { status: number }).status).sort()).toEqual([
      200, 200, 200, 503, 503, 503,
    ]);
    const busy = stored.find((record) => (record.response as { status: number }).status === 503);
    expect((busy?.signature as { reason: string }).reason).toMatch(/--max-in-flight/);
  });

  it("keeps a large body of control characters as base64, byte-exact, not as a line 6x its size", async () => {
    const proc = listen(["--json"]);
    const { localUrl } = await proc.ready();
    const body = Buffer.alloc(100 * 1024, 0x01);
    expect((await send(`${String(localUrl)}/hook`, { body })).status).toBe(200);
    await proc.stop();
    const [record] = await records();
    expect(record?.bodyEncoding).toBe("base64");
    expect(Buffer.from(String(record?.body), "base64").equals(body)).toBe(true);
  });

  it("refuses --max-in-flight below --max-body with one line, exit 2", async () => {
    const result = await runCli(["listen", "--max-body", "2MiB", "--max-in-flight", "1MiB"]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/--max-in-flight .*at least --max-body/);
  });
});

describe("item 7: a delivery cut off mid-body is recorded as aborted, never as answered", () => {
  it("stores what came, marked aborted with no response, and --expect does not count it", async () => {
    const proc = listen(["--json", "--expect", "1"]);
    const { localUrl } = await proc.ready();
    const partial = '{"id":"evt_cut","type":"invoice.paid"';
    await cutOff(
      port(localUrl),
      "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
        `Stripe-Signature: t=1,v1=00\r\nContent-Length: 1000\r\n\r\n${partial}`,
    );
    const cut = await proc.waitFor((line) => line.type === "request");
    expect(cut).toMatchObject({ aborted: true, body: partial, bodyBytes: partial.length });
    expect(cut.response).toBeUndefined();
    expect((cut.signature as { status: string }).status).toBe("unchecked");
    expect(proc.child.exitCode).toBeNull();

    const whole = stripeEvent("evt_whole");
    expect((await send(`${String(localUrl)}/hook`, whole)).status).toBe(200);
    expect(await proc.exited).toBe(0);
    expect(proc.lines.at(-1)).toMatchObject({ type: "summary", requests: 1, aborted: 1 });
    const stored = await records();
    expect(stored).toHaveLength(2);
    expect(stored[0]).toMatchObject({ id: cut.id, aborted: true });
    expect(stored[0]?.response).toBeUndefined();
    expect(stored[1]).toMatchObject({ eventId: "evt_whole", response: { status: 200 } });
  });
});

describe("item 10: the 413 reaches the sender, who is still sending the body", () => {
  const BIG = 4 * 1024 * 1024;

  it("undici and `hooks send` read 413, not a reset connection", async () => {
    const proc = listen(["--json", "--max-body", "64KiB"]);
    const { localUrl } = await proc.ready();
    const url = `${String(localUrl)}/hook`;
    const body = Buffer.alloc(BIG, 0x61);
    const seen = await pool(12, 4, async () => {
      try {
        const response = await request(url, { method: "POST", body });
        await response.body.dump();
        return String(response.statusCode);
      } catch (error) {
        return (error as NodeJS.ErrnoException).code ?? String(error);
      }
    });
    expect(seen).toEqual(Array<string>(12).fill("413"));

    const payload = join(dir, "big.json");
    await writeFile(payload, JSON.stringify({ type: "invoice.paid", data: "a".repeat(BIG) }));
    const sent = await runCli([
      "send",
      url,
      "--provider",
      "stripe",
      "--secret",
      "whsec_test",
      "--payload",
      payload,
      "--count",
      "12",
      "--concurrency",
      "4",
      "--json",
    ]);
    const tests = (JSON.parse(sent.stdout) as { data: { tests: { status: number | null }[] } }).data
      .tests;
    expect(tests.map((test) => test.status)).toEqual(Array<number>(12).fill(413));
  });

  it("a raw socket writing the whole body reads 413 and no error", async () => {
    const proc = listen(["--json", "--max-body", "64KiB"]);
    const { localUrl } = await proc.ready();
    const head = `POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: ${BIG}\r\n\r\n`;
    const seen = await pool(12, 4, () => rawExchange(port(localUrl), head, Buffer.alloc(BIG)));
    expect(seen).toEqual(Array<string>(12).fill("413"));
  });
});

function port(localUrl: unknown): number {
  return Number(new URL(String(localUrl)).port);
}

async function waitForArrivals(proc: ListenProcess, count: number): Promise<void> {
  await proc.waitForText(new RegExp(`(-->[^]*){${count}}`));
}

/** A chunked POST on its own connection; resolves with the status and headers answered. */
function chunked(port: number, text: string): Promise<Reply> {
  const bytes =
    "POST /hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
    `${text.length.toString(16)}\r\n${text}\r\n0\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString("latin1");
      const end = answer.indexOf("\r\n\r\n");
      if (end === -1) return;
      const [status, ...lines] = answer.slice(0, end).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      socket.destroy();
      resolve({ status: Number(status?.split(" ")[1]), headers, body: Buffer.alloc(0) });
    });
    socket.on("error", reject);
    socket.write(bytes);
  });
}

/** Sends the head and part of a body, then goes away. */
function cutOff(port: number, bytes: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("error", reject);
    socket.write(bytes, () => {
      socket.destroy();
      resolve();
    });
  });
}

/** Writes head and body as a plain sender would; the status read, or the error met first. */
function rawExchange(port: number, head: string, body: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    let failure: string | undefined;
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
    socket.on("error", (error: NodeJS.ErrnoException) => (failure ??= error.code));
    socket.on("close", () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      resolve(failure ?? status ?? "no answer");
    });
    socket.write(head);
    socket.write(body, () => socket.end());
  });
}
