import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { expandCatalog } from "../../src/providers/catalog.js";
import { applyOverrides, parseOverride } from "../../src/sender/overrides.js";
import {
  collectDefinitions,
  compile,
  define,
  render,
  scopeOf,
  type RenderContext,
} from "../../src/sender/template.js";

function fill(text: string, { json = true, now = 1_700_000_000_123 } = {}): string {
  const definitions = collectDefinitions(text, "test");
  const template = compile(text, scopeOf(definitions), { json, where: "test" });
  const ctx: RenderContext = { vars: {}, now, event: "thing.happened", seq: 7 };
  define(definitions, ctx);
  return render(template, ctx);
}

describe("templates", () => {
  it("fills ids, times, the event name and the sequence number", () => {
    const out = JSON.parse(
      fill(
        JSON.stringify({
          id: "evt_{{b62:24}}",
          uuid: "{{uuid}}",
          hex: "{{hex:8}}",
          clover: "{{alnum:13}}",
          at: "{{now:iso}}",
          at0: "{{now:iso0}}",
          day: "{{now:date}}",
          ms: "{{now:ms}}",
          unix: "{{now:unix}}",
          seq: "{{seq}}",
          event: "{{event}}",
          digits: "{{digits:4}}",
        }),
      ),
    ) as Record<string, unknown>;
    expect(out.id).toMatch(/^evt_[0-9A-Za-z]{24}$/);
    expect(out.uuid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(out.hex).toMatch(/^[0-9a-f]{8}$/);
    expect(out.clover).toMatch(/^[0-9A-Z]{13}$/);
    expect(out.at).toBe("2023-11-14T22:13:20.123Z");
    expect(out.at0).toBe("2023-11-14T22:13:20Z");
    expect(out.day).toBe("2023-11-14");
    expect(out.ms).toBe(1_700_000_000_123);
    expect(out.unix).toBe(1_700_000_000);
    expect(out.seq).toBe(7);
    expect(out.event).toBe("thing.happened");
    expect(out.digits).toMatch(/^\d{4}$/);
  });

  it("keeps a numeric placeholder a string with |str, or when it is part of a longer string", () => {
    const out = JSON.parse(
      fill(JSON.stringify({ q: "{{int:5:5|str}}", n: "{{int:5:5}}", ts: "{{now:unix}}.000100" })),
    ) as Record<string, unknown>;
    expect(out).toEqual({ q: "5", n: 5, ts: "1700000000.000100" });
  });

  it("reuses a named value, even before its definition, and makes fresh ones each time", () => {
    const text = JSON.stringify({
      href: "/orders/{{orderId}}",
      id: "{{orderId=uuid}}",
      n: "{{k=int:1:1000000}}",
      again: "{{k}}",
    });
    const first = JSON.parse(fill(text)) as Record<string, unknown>;
    const second = JSON.parse(fill(text)) as Record<string, unknown>;
    expect(first.href).toBe(`/orders/${first.id as string}`);
    expect(first.again).toBe(first.n);
    expect(typeof first.n).toBe("number");
    expect(second.id).not.toBe(first.id);
  });

  it("leaves quotes alone outside JSON (headers, ids)", () => {
    expect(fill('"{{now:unix}}"', { json: false })).toBe('"1700000000"');
  });

  it("names an unknown placeholder in a usage error", () => {
    expect(() => fill('{"a":"{{nope}}"}')).toThrow(UsageError);
    expect(() => fill('{"a":"{{x=wat:3}}"}')).toThrow(/unknown placeholder \{\{x=wat:3\}\}/);
  });
});

describe("catalog tables", () => {
  it("expand axes by cross product and merge the defaults", () => {
    const catalog = expandCatalog({
      provider: "x",
      defaults: { id: "{{uuid}}", headers: { "User-Agent": "ua", "X-Kind": "default" } },
      events: [
        { name: "first", description: "explicit", headers: { "X-Kind": "own" } },
        {
          each: {
            key: [
              { id: "A", what: "App" },
              { id: "O", what: "Order" },
            ],
            type: [{ id: "CREATE" }, { id: "DELETE" }],
          },
          event: {
            name: "{{key.id}}.{{type.id}}",
            description: '{{key.what}} "{{type.id}}"',
            body: { objectId: "{{key.id}}:{{alnum:13}}", type: "{{type.id}}" },
          },
        },
      ],
    });
    expect(catalog.events.map((event) => event.name)).toEqual([
      "first",
      "A.CREATE",
      "A.DELETE",
      "O.CREATE",
      "O.DELETE",
    ]);
    expect(catalog.events[0]?.headers).toEqual({ "User-Agent": "ua", "X-Kind": "own" });
    expect(catalog.events[3]).toMatchObject({
      description: 'Order "CREATE"',
      id: "{{uuid}}",
      body: { objectId: "O:{{alnum:13}}", type: "CREATE" },
    });
  });
});

describe("--set", () => {
  it("parses JSON values and keeps other text as a string", () => {
    expect(parseOverride("a.b=12").value).toBe(12);
    expect(parseOverride("a=true").value).toBe(true);
    expect(parseOverride("a=null").value).toBe(null);
    expect(parseOverride('a={"x":[1]}').value).toEqual({ x: [1] });
    expect(parseOverride("a=FULFILLED").value).toBe("FULFILLED");
    expect(parseOverride("a=x=y").value).toBe("x=y");
    expect(() => parseOverride("=1")).toThrow(UsageError);
    expect(() => parseOverride("a..b=1")).toThrow(UsageError);
  });

  it("changes a copy, creates missing objects and follows * and array indexes", () => {
    const body = { a: { list: [{ v: 1 }, { v: 2 }] }, m: { X: [{ t: "CREATE" }] } };
    const out = applyOverrides(body, [
      parseOverride("a.list.1.v=9"),
      parseOverride("a.new.deep=yes"),
      parseOverride("m.*.0.t=DELETE"),
    ]);
    expect(out).toEqual({
      a: { list: [{ v: 1 }, { v: 9 }], new: { deep: "yes" } },
      m: { X: [{ t: "DELETE" }] },
    });
    expect(body.a.list[1]?.v).toBe(2);
    expect(() => applyOverrides({ a: "text" }, [parseOverride("a.b=1")])).toThrow(UsageError);
    expect(() => applyOverrides({ a: [] }, [parseOverride("a.name=1")])).toThrow(/not an index/);
  });
});
