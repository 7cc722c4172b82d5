import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedStore } from "../inspector/seed-store.js";
import { Receiver } from "../inspector/receiver.js";
import { send } from "../listener/http-client.js";
import { ListenProcess } from "../listener/listen-process.js";

// The inspector against hostile input, through the spawned binary on 127.0.0.1 only.

let dir: string;
let store: string;
const running: ListenProcess[] = [];
const sockets: Socket[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-hostile-inspect-"));
  store = join(dir, "events.jsonl");
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const proc of running.splice(0)) await proc.stop("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

async function listen(
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ proc: ListenProcess; localUrl: string; inspectUrl: string; token: string }> {
  const proc = ListenProcess.start(
    ["--json", "--tunnel", "none", "--port", "0", "--inspect-port", "0", "--store", store, ...args],
    { XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir, ...env },
  );
  running.push(proc);
  const ready = await proc.ready();
  const inspectUrl = ready.inspectUrl as string;
  const page = (await send(`${inspectUrl}/`, { method: "GET" })).body.toString("utf8");
  const token = /name="hooks-token" content="([^"]+)"/.exec(page)?.[1] ?? "";
  return { proc, localUrl: ready.localUrl as string, inspectUrl, token };
}

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/**
 * Opens the event stream on a raw socket and then never reads past the first bytes: a page that
 * hangs. Resolves with the status the inspector answered.
 */
function stuckStream(inspectUrl: string, token: string): Promise<number> {
  const url = new URL(inspectUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(
        `GET /api/stream?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${url.port}\r\nAccept: text/event-stream\r\n\r\n`,
      );
    });
    sockets.push(socket);
    socket.once("data", (chunk: Buffer) => {
      socket.pause();
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString("latin1"))?.[1] ?? 0));
    });
    socket.once("error", reject);
  });
}

describe("item 2: every page of the inspector shares one history, and a page that stops reading costs little", () => {
  it("holds 300 stream clients that never read in bounded memory, answering 503 past its cap", async () => {
    await seedStore(store, 6_000);
    const { proc, inspectUrl, token } = await listen();
    const pid = proc.child.pid as number;
    // One page read in full first, so the index itself is loaded before the baseline.
    const warm = await send(`${inspectUrl}/api/history`, {
      method: "GET",
      headers: { "x-hooks-token": token },
    });
    expect(warm.status).toBe(200);
    const before = await rssBytes(pid);
    const statuses: number[] = [];
    for (let batch = 0; batch < 6; batch += 1) {
      statuses.push(
        ...(await Promise.all(Array.from({ length: 50 }, () => stuckStream(inspectUrl, token)))),
      );
    }
    const grown = (await rssBytes(pid)) - before;
    const served = statuses.filter((status) => status === 200).length;
    const refused = statuses.filter((status) => status === 503).length;
    expect({ served, refused, other: statuses.length - served - refused }).toEqual({
      served: 100,
      refused: 200,
      other: 0,
    });
    // Each stuck page holds at most one page of history in the process (about 64 KiB).
    expect(grown).toBeLessThan(60 << 20);
    // The listener still captures and a new page (once a slot is free) is served.
    expect((await send(`${proc.lines[0]?.localUrl as string}/after`, { body: "{}" })).status).toBe(
      200,
    );
  }, 20_000);
});

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

describe("item 5: the inspector never shows, searches or copies a known secret", () => {
  async function captureWithSecret(): Promise<{
    inspectUrl: string;
    token: string;
    localUrl: string;
    id: string;
    body: string;
  }> {
    const started = await listen([], { HOOKS_SECRET: SECRET });
    const body = JSON.stringify({ echo: SECRET, note: "it's here" });
    const reply = await send(`${started.localUrl}/q?api_key=${SECRET}`, {
      headers: { "content-type": "application/json", "x-api-key": `Bearer ${SECRET}` },
      body,
    });
    expect(reply.status).toBe(200);
    return { ...started, id: reply.headers["x-hooks-request-id"] as string, body };
  }

  const get = async (url: string, token: string) => {
    const reply = await send(url, { method: "GET", headers: { "x-hooks-token": token } });
    return { status: reply.status, text: reply.body.toString("utf8") };
  };

  it("masks the secret in the path, query, headers and body of the list, the stream and the detail", async () => {
    const { inspectUrl, token, id } = await captureWithSecret();
    const history = await get(`${inspectUrl}/api/history`, token);
    expect(history.text).toContain("/q?api_key=whsec_Mf");
    expect(history.text).not.toContain(SECRET);
    const detail = await get(`${inspectUrl}/api/entries/${id}`, token);
    expect(detail.status).toBe(200);
    expect(detail.text).not.toContain(SECRET);
    expect(detail.text).not.toContain(SECRET.slice(6, 20));
    const url = new URL(inspectUrl);
    const socket = connect(Number(url.port), url.hostname);
    sockets.push(socket);
    socket.write(`GET /api/stream?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${url.port}\r\n\r\n`);
    let streamed = "";
    await new Promise<void>((resolve) =>
      socket.on("data", (chunk: Buffer) => {
        streamed += chunk.toString("utf8");
        if (streamed.includes('"complete":true') || streamed.includes(id)) resolve();
      }),
    );
    expect(streamed).toContain(id);
    expect(streamed).not.toContain(SECRET);
  });

  it("searches only the masked text: the secret, or a prefix of it, finds nothing", async () => {
    const { inspectUrl, token, id } = await captureWithSecret();
    const search = async (q: string) =>
      JSON.parse((await get(`${inspectUrl}/api/search?q=${encodeURIComponent(q)}`, token)).text)
        .ids as string[];
    expect(await search(SECRET)).toEqual([]);
    expect(await search(SECRET.slice(0, 12))).toEqual([]);
    expect(await search(SECRET.slice(8, 20).toLowerCase())).toEqual([]);
    // What the page shows is still searchable.
    expect(await search("api_key=whsec_Mf")).toEqual([id]);
    expect(await search("it's here")).toEqual([id]);
  });

  it("copies a curl command that reads the secret from $HOOKS_SECRET and still sends the exact request", async () => {
    const { inspectUrl, token, id, body } = await captureWithSecret();
    const receiver = await Receiver.start();
    try {
      const made = await get(
        `${inspectUrl}/api/entries/${id}/curl?to=${encodeURIComponent(`${receiver.url}/q?api_key=${SECRET}`)}`,
        token,
      );
      expect(made.status).toBe(200);
      const { command, note } = JSON.parse(made.text) as { command: string; note: string };
      expect(command).not.toContain(SECRET);
      expect(command).toContain("$HOOKS_SECRET");
      expect(note).toMatch(/HOOKS_SECRET/);
      await new Promise<void>((resolve, reject) =>
        execFile(
          "bash",
          ["-c", command],
          { env: { PATH: process.env.PATH, HOOKS_SECRET: SECRET } },
          (error) => (error ? reject(error) : resolve()),
        ),
      );
      const got = receiver.received[0];
      expect(got?.body.toString("utf8")).toBe(body);
      expect(got?.path).toBe(`/q?api_key=${SECRET}`);
      expect(got?.headers["x-api-key"]).toBe(`Bearer ${SECRET}`);
    } finally {
      await receiver.close();
    }
  });
});
