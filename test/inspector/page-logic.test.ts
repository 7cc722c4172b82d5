import { describe, expect, it } from "vitest";
// The page's own modules (plain browser JS without DOM use at import time).
import { diffLines, sideBySide, type DiffRow } from "../../src/inspector/assets/line-diff.js";
import { parseJson, prettyJson } from "../../src/inspector/assets/json-tree.js";

type Row = DiffRow;

function apply(rows: Row[]): { left: string[]; right: string[] } {
  return {
    left: rows.filter((row) => row.op !== "add").map((row) => row.text),
    right: rows.filter((row) => row.op !== "del").map((row) => row.text),
  };
}

describe("the page's line diff", () => {
  it("finds the shortest edit of Myers' paper example", () => {
    const a = "ABCABBA".split("");
    const b = "CBABAC".split("");
    const rows = diffLines(a, b) as Row[];
    expect(apply(rows)).toEqual({ left: a, right: b });
    expect(rows.filter((row) => row.op !== "same")).toHaveLength(5);
  });

  it("rebuilds both sides of random inputs exactly", () => {
    let seed = 7;
    const random = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 300; round += 1) {
      const a = Array.from({ length: random(15) }, () => "xyz"[random(3)] as string);
      const b = Array.from({ length: random(15) }, () => "xyz"[random(3)] as string);
      expect(apply(diffLines(a, b) as Row[])).toEqual({ left: a, right: b });
    }
  });

  it("pairs a changed line with its replacement side by side", () => {
    expect(sideBySide(diffLines(["a", "b", "c"], ["a", "B", "c", "d"]))).toEqual([
      { left: "a", right: "a", kind: "same" },
      { left: "b", right: "B", kind: "changed" },
      { left: "c", right: "c", kind: "same" },
      { left: undefined, right: "d", kind: "changed" },
    ]);
  });
});

describe("the page's JSON parser", () => {
  it("keeps numbers as they were sent, where JSON.parse would round them", () => {
    const text =
      '{"id": 12345678901234567890, "amount": 1.50, "ok": true, "list": [null, "a\\"b"]}';
    const node = parseJson(text);
    expect(node && prettyJson(node)).toBe(
      '{\n  "id": 12345678901234567890,\n  "amount": 1.50,\n  "ok": true,\n  "list": [\n    null,\n    "a\\"b"\n  ]\n}',
    );
  });

  it("refuses what is not one complete JSON value", () => {
    for (const text of ["", "{", '{"a":1} x', "{'a':1}", "[1,]", "hello"]) {
      expect(parseJson(text), text).toBeUndefined();
    }
    expect(parseJson(" [] ")).toEqual({ kind: "array", items: [] });
  });
});
