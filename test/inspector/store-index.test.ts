import { appendFile, mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scanBackwards, scanForwards } from "../../src/inspector/line-scanner.js";
import { StoreIndex } from "../../src/inspector/store-index.js";

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-inspector-index-"));
  path = join(dir, "events.jsonl");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function record(n: number, body = `{"n":${n}}`): string {
  return JSON.stringify({
    type: "request",
    id: `req_${String(n).padStart(5, "0")}`,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    method: "POST",
    path: `/hooks/${n}`,
    url: `http://127.0.0.1:4665/hooks/${n}`,
    headers: { "content-type": "application/json" },
    body,
    bodyEncoding: "utf8",
    bodyBytes: Buffer.byteLength(body),
    provider: n % 2 === 0 ? "standard" : null,
    signature: { status: n % 2 === 0 ? "valid" : "unsigned", reason: "" },
    response: { status: 200, durationMs: 1 },
  });
}

async function writeRecords(from: number, to: number): Promise<void> {
  const lines = [];
  for (let n = from; n < to; n += 1) lines.push(record(n));
  await appendFile(path, `${lines.join("\n")}\n`);
}

describe("StoreIndex", () => {
  it("indexes only the newest records of a big store, oldest first, and reads one back exactly", async () => {
    await writeRecords(0, 500);
    const index = new StoreIndex(path, 100);
    await index.refresh();
    const ids = index.summaries().map((summary) => summary.id);
    expect(ids).toHaveLength(100);
    expect(ids[0]).toBe("req_00400");
    expect(ids.at(-1)).toBe("req_00499");
    expect(index.summaries()[99]).toMatchObject({
      method: "POST",
      path: "/hooks/499",
      provider: null,
      signature: "unsigned",
      status: 200,
    });
    expect(JSON.stringify(await index.record("req_00450"))).toBe(record(450));
    expect(await index.record("req_00001")).toBeUndefined();
  });

  it("catches up with lines appended later, and keeps its bound", async () => {
    await writeRecords(0, 10);
    const index = new StoreIndex(path, 20);
    await index.refresh();
    expect(index.size).toBe(10);
    await writeRecords(10, 40);
    await index.refresh();
    const ids = index.summaries().map((summary) => summary.id);
    expect(ids).toHaveLength(20);
    expect(ids[0]).toBe("req_00020");
    expect(ids.at(-1)).toBe("req_00039");
    // A detail of a record appended since the last look is found without an explicit refresh.
    await writeRecords(40, 41);
    expect((await index.record("req_00040"))?.path).toBe("/hooks/40");
  });

  it("leaves a line still being written alone until its newline lands, and counts unreadable lines", async () => {
    await writeFile(path, `${record(1)}\nnot json\n${record(2).slice(0, 40)}`);
    const index = new StoreIndex(path);
    await index.refresh();
    expect(index.summaries().map((summary) => summary.id)).toEqual(["req_00001"]);
    expect(index.unreadableLines).toBe(1);
    await appendFile(path, `${record(2).slice(40)}\n`);
    await index.refresh();
    expect(index.summaries().map((summary) => summary.id)).toEqual(["req_00001", "req_00002"]);
  });

  it("starts over when the store was replaced by a smaller one", async () => {
    await writeRecords(0, 50);
    const index = new StoreIndex(path);
    await index.refresh();
    await writeFile(path, `${record(7)}\n`);
    await index.refresh();
    expect(index.summaries().map((summary) => summary.id)).toEqual(["req_00007"]);
  });

  it("has nothing, and no error, before the store exists", async () => {
    const index = new StoreIndex(join(dir, "missing.jsonl"));
    await index.refresh();
    expect(index.summaries()).toEqual([]);
    expect(await index.search("x")).toEqual([]);
  });

  it("searches headers and bodies, case-insensitively, quotes included", async () => {
    await appendFile(
      path,
      `${record(1, '{"customer":"Ada Lovelace"}')}\n${record(2, '{"customer":"Grace"}')}\n`,
    );
    const index = new StoreIndex(path);
    expect(await index.search("lovelace")).toEqual(["req_00001"]);
    expect(await index.search('"customer":"Grace"')).toEqual(["req_00002"]);
    expect((await index.search("application/json")).sort()).toEqual(["req_00001", "req_00002"]);
    expect(await index.search("nobody")).toEqual([]);
  });

  it("never matches a known secret held percent-encoded in a query", async () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa+Sw/";
    const line = JSON.parse(record(1)) as Record<string, unknown>;
    line.path = `/q?api_key=${encodeURIComponent(secret)}`;
    await appendFile(path, `${JSON.stringify(line)}\n`);
    const index = new StoreIndex(path, 100, [secret]);
    expect(await index.search("MfKQ9r8GKYqrTwjUPD8ILPZIo2")).toEqual([]);
    expect(await index.search("api_key=")).toEqual(["req_00001"]);
  });
});

describe("line scanners", () => {
  it("see every line of a file with lines far longer than their read chunk, both ways", async () => {
    const lines = [2_500_000, 3, 1, 1_048_576, 1_048_575, 1_048_577, 10, 0, 3_000_000].map(
      (length, n) => `${n}:${"é".repeat(Math.floor(length / 2))}${"x".repeat(length % 2)}`,
    );
    const text = `${lines.join("\n")}\nunfinished`;
    await writeFile(path, text);
    const file = await open(path, "r");
    try {
      const size = Buffer.byteLength(text);
      const backwards: { line: string; offset: number }[] = [];
      const scannedTo = await scanBackwards(file, size, (line, offset) => {
        backwards.push({ line: line.toString("utf8"), offset });
        return "more";
      });
      expect(scannedTo).toBe(size - "unfinished".length);
      expect(backwards.map((entry) => entry.line)).toEqual([...lines].reverse());
      const forwards: { line: string; offset: number }[] = [];
      const end = await scanForwards(file, 0, size, (line, offset) =>
        forwards.push({ line: line.toString("utf8"), offset }),
      );
      expect(end).toBe(scannedTo);
      expect(forwards).toEqual([...backwards].reverse());
      let expected = 0;
      for (const entry of forwards) {
        expect(entry.offset).toBe(expected);
        expected += Buffer.byteLength(entry.line) + 1;
      }
    } finally {
      await file.close();
    }
  });
});
