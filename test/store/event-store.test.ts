import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventStore } from "../../src/store/event-store.js";
import {
  describeNotes,
  findRecord,
  recentRecords,
  readRecords,
  type ReadNotes,
} from "../../src/store/event-store-reader.js";
import { defaultStorePath } from "../../src/store/event-store-path.js";

let dir: string;
const notes = (): ReadNotes => ({ tornLastLine: false, unreadableLines: 0 });
const line = (id: string): string => JSON.stringify({ type: "request", id });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hooks-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("EventStore", () => {
  it("appends every line of a burst of concurrent appends, in order, each once", async () => {
    const path = join(dir, "deep", "events.jsonl");
    const store = await EventStore.open(path);
    await Promise.all(Array.from({ length: 500 }, (_, i) => store.write(line(`r${i}`))));
    await store.close();
    const ids = (await readFile(path, "utf8"))
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l).id);
    expect(ids).toEqual(Array.from({ length: 500 }, (_, i) => `r${i}`));
    expect(store.appended).toBe(500);
  });

  it("has written a line to the file by the time append() resolves", async () => {
    const path = join(dir, "events.jsonl");
    const store = await EventStore.open(path);
    await store.write(line("first"));
    expect(await readFile(path, "utf8")).toBe(`${line("first")}\n`);
    await store.close();
    await store.close();
  });

  it("starts on a fresh line after a torn one, so the next record survives", async () => {
    const path = join(dir, "events.jsonl");
    await writeFile(path, `${line("a")}\n{"type":"request","id":"torn`);
    const store = await EventStore.open(path);
    await store.write(line("b"));
    await store.close();
    const found = notes();
    const ids: string[] = [];
    for await (const record of readRecords(path, found)) ids.push(record.id);
    expect(ids).toEqual(["a", "b"]);
    expect(found).toEqual({ tornLastLine: false, unreadableLines: 1 });
  });

  it("refuses appends after close", async () => {
    const store = await EventStore.open(join(dir, "events.jsonl"));
    await store.close();
    await expect(store.write(line("late"))).rejects.toThrow(/closed/);
  });
});

describe("reading the store", () => {
  it("skips a torn last line and says so", async () => {
    const path = join(dir, "events.jsonl");
    await writeFile(path, `${line("a")}\n${line("b")}\n{"type":"req`);
    const found = notes();
    const records = await recentRecords(path, 10, found);
    expect(records.map((r) => r.id)).toEqual(["a", "b"]);
    expect(found.tornLastLine).toBe(true);
    expect(describeNotes(path, found)[0]).toMatch(/torn last line/);
  });

  it("keeps only the last `limit` records, oldest first", async () => {
    const path = join(dir, "events.jsonl");
    await writeFile(path, Array.from({ length: 7 }, (_, i) => line(`r${i}`)).join("\n") + "\n");
    expect((await recentRecords(path, 3, notes())).map((r) => r.id)).toEqual(["r4", "r5", "r6"]);
    expect((await recentRecords(path, 30, notes())).map((r) => r.id)).toHaveLength(7);
  });

  it("finds a record by id or unique prefix, and says when a prefix is ambiguous", async () => {
    const path = join(dir, "events.jsonl");
    await appendFile(path, [line("req_abc1"), line("req_abd2"), line("req_xyz")].join("\n") + "\n");
    expect((await findRecord(path, "req_xyz", notes())).id).toBe("req_xyz");
    expect((await findRecord(path, "req_abd", notes())).id).toBe("req_abd2");
    await expect(findRecord(path, "req_ab", notes())).rejects.toThrow(/several/);
    await expect(findRecord(path, "req_nope", notes())).rejects.toThrow(/hooks events list/);
  });

  it("finds a record by the short id hooks listen shows (its end), with or without brackets", async () => {
    const path = join(dir, "events.jsonl");
    await appendFile(
      path,
      [line("req_mx4v0eu2443xce"), line("req_mx4v0euc7ktq7z")].join("\n") + "\n",
    );
    expect((await findRecord(path, "443xce", notes())).id).toBe("req_mx4v0eu2443xce");
    expect((await findRecord(path, "[7ktq7z]", notes())).id).toBe("req_mx4v0euc7ktq7z");
    await expect(findRecord(path, "req_mx4v0eu", notes())).rejects.toThrow(/several/);
  });

  it("names the missing store and what to do", async () => {
    await expect(recentRecords(join(dir, "none.jsonl"), 5, notes())).rejects.toThrow(
      /run `hooks listen` first/,
    );
  });
});

describe("defaultStorePath", () => {
  it("follows XDG_STATE_HOME, else ~/.local/state, with platform equivalents", () => {
    expect(defaultStorePath({ XDG_STATE_HOME: "/x/state" }, "linux", "/home/u")).toBe(
      "/x/state/hooks/events.jsonl",
    );
    expect(defaultStorePath({}, "linux", "/home/u")).toBe(
      "/home/u/.local/state/hooks/events.jsonl",
    );
    expect(defaultStorePath({ XDG_STATE_HOME: "relative" }, "linux", "/home/u")).toBe(
      "/home/u/.local/state/hooks/events.jsonl",
    );
    expect(defaultStorePath({}, "darwin", "/Users/u")).toBe(
      "/Users/u/Library/Application Support/hooks/events.jsonl",
    );
  });
});

describe("EventStore with long lines", () => {
  it("writes a line longer than one piece whole, surrogate pairs intact, among short ones", async () => {
    const path = join(dir, "events.jsonl");
    const store = await EventStore.open(path);
    // 😀 is a surrogate pair; an odd prefix puts pairs across every 1 Mi-unit piece boundary.
    const long = JSON.stringify({
      type: "request",
      id: "long",
      body: `x${"😀".repeat(1_500_000)}`,
    });
    await Promise.all([store.write(line("a")), store.write(long), store.write(line("b"))]);
    await store.close();
    const lines = (await readFile(path, "utf8")).split("\n");
    expect(lines).toEqual([line("a"), long, line("b"), ""]);
  });
});
