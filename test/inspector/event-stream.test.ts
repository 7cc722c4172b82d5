import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { historyCollector } from "../../src/inspector/assets/history-collector.js";
import { EventStream, frame, type HistorySource } from "../../src/inspector/event-stream.js";
import { SseClient } from "./sse-client.js";

let server: Server | undefined;
let stream: EventStream | undefined;

afterEach(async () => {
  stream?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = stream = undefined;
});

async function serve(
  history: () => Promise<HistorySource>,
  maxClients = 10,
): Promise<{ url: string; stream: EventStream }> {
  const events = new EventStream(maxClients);
  stream = events;
  server = createServer((_req, res) => void events.open(res, history));
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stream: events };
}

function frames(texts: string[]): HistorySource {
  const queue = [...texts];
  return { next: () => queue.shift() };
}

describe("the inspector's event stream", () => {
  it("sends a page its history, in frames, before the live events that came meanwhile", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const { url, stream: events } = await serve(async () => {
      await held;
      return frames([
        frame("history", JSON.stringify({ entries: [{ id: "a" }], complete: false })),
        frame("history-page", JSON.stringify({ entries: [{ id: "b" }], complete: true })),
      ]);
    });
    const client = await SseClient.open(url);
    events.send("entry", { id: "c" });
    release();
    await client.next("entry");
    expect(client.events.map((event) => event.event)).toEqual(["history", "history-page", "entry"]);
    client.close();
  });

  it("drops a page that stops reading once it falls behind the live events, keeping none for it", async () => {
    const { url, stream: events } = await serve(async () => frames([]));
    const socket = connect(Number(new URL(url).port), "127.0.0.1");
    socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    await new Promise((resolve) => socket.once("data", resolve));
    socket.pause();
    const closed = new Promise((resolve) => socket.once("close", resolve));
    const big = "x".repeat(64 * 1024);
    for (let n = 0; n < 200 && events.size > 0; n += 1) {
      events.send("entry", { big });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(events.size).toBe(0);
    socket.destroy();
    await closed;
  });

  it("answers 503 with Retry-After past its page cap", async () => {
    const { url } = await serve(async () => frames([]), 1);
    const first = await SseClient.open(url);
    await expect(SseClient.open(url)).rejects.toThrow(/503/);
    first.close();
  });
});

describe("the page's history collector", () => {
  it("joins the frames into one history, sorting replays in by time", () => {
    const got: unknown[] = [];
    const collector = historyCollector((history) => got.push(history));
    collector.start({
      store: "s",
      complete: false,
      entries: [
        { id: "a", receivedAt: "2026-01-01T00:00:01Z" },
        { id: "c", receivedAt: "2026-01-01T00:00:03Z" },
      ],
    });
    expect(got).toEqual([]);
    collector.page({
      complete: true,
      entries: [{ id: "r", receivedAt: "2026-01-01T00:00:02Z", replayOf: "a" }],
    });
    expect(got).toEqual([
      {
        store: "s",
        complete: false,
        entries: [
          { id: "a", receivedAt: "2026-01-01T00:00:01Z" },
          { id: "r", receivedAt: "2026-01-01T00:00:02Z", replayOf: "a" },
          { id: "c", receivedAt: "2026-01-01T00:00:03Z" },
        ],
      },
    ]);
  });
});
