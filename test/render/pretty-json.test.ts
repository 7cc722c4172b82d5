import { describe, expect, it } from "vitest";
import { prettyJson } from "../../src/render/pretty-json.js";

describe("prettyJson", () => {
  it("re-indents with 2 spaces as JSON.stringify does, for values it keeps exactly", () => {
    const value = { a: [1, { b: "c" }], d: {}, e: [], f: null, g: true };
    expect(prettyJson(JSON.stringify(value))).toBe(JSON.stringify(value, null, 2));
    const laidOut = JSON.stringify(value, null, 4);
    expect(prettyJson(laidOut)).toBe(JSON.stringify(value, null, 2));
  });

  it("keeps numbers past 2^53, escapes, and braces, commas and colons inside strings", () => {
    const text = '{"id":12345678901234567890,"s":"a,b:{c}[d] \\"q\\" \\u001B","n":1.50e3}';
    expect(prettyJson(text)).toBe(
      '{\n  "id": 12345678901234567890,\n  "s": "a,b:{c}[d] \\"q\\" \\u001B",\n  "n": 1.50e3\n}',
    );
  });

  it("leaves anything but a JSON object or array alone", () => {
    expect(prettyJson("plain text")).toBeUndefined();
    expect(prettyJson('{"torn":')).toBeUndefined();
    expect(prettyJson('"a string"')).toBeUndefined();
    expect(prettyJson("42")).toBeUndefined();
  });
});
