import { UsageError } from "../errors.js";

/** One `--set path=value`: a dotted path into the sample body (`*` matches every key or item). */
export interface Override {
  path: string[];
  value: unknown;
  flag: string;
}

/** The value is JSON when it parses as JSON (`500`, `true`, `{"a":1}`), else the text itself. */
export function parseOverride(flag: string): Override {
  const equals = flag.indexOf("=");
  const path = equals > 0 ? flag.slice(0, equals).trim().split(".") : [];
  if (path.length === 0 || path.some((segment) => segment === "")) {
    throw new UsageError(
      `malformed --set "${flag}": expected <path>=<value>, e.g. --set data.object.amount=500`,
    );
  }
  const text = flag.slice(equals + 1);
  let value: unknown = text;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    // Not JSON: the text itself is the value.
  }
  return { path, value, flag };
}

/**
 * Applies overrides to a copy of a body template. Missing objects on the way are created, so a
 * field can be added as well as changed. In a batching event, the one item of the batched array
 * is the template of every item, so `items.0.x=…` changes all of them.
 */
export function applyOverrides(body: unknown, overrides: readonly Override[]): unknown {
  if (overrides.length === 0) return body;
  const copy = structuredClone(body);
  for (const override of overrides) {
    const count = setPath(copy, override.path, override.value, override);
    if (count === 0) {
      throw new UsageError(`--set "${override.flag}" matched nothing in the sample body`);
    }
  }
  return copy;
}

function setPath(node: unknown, path: readonly string[], value: unknown, o: Override): number {
  if (node === null || typeof node !== "object") {
    throw new UsageError(
      `cannot --set "${o.flag}": the sample body has a ${node === null ? "null" : typeof node} where the path needs an object`,
    );
  }
  const [head, ...rest] = path as [string, ...string[]];
  const container = node as Record<string, unknown>;
  const keys = head === "*" ? Object.keys(container) : [head];
  if (Array.isArray(node) && head !== "*" && !/^\d+$/.test(head)) {
    throw new UsageError(`cannot --set "${o.flag}": "${head}" is not an index of an array`);
  }
  let count = 0;
  for (const key of keys) {
    if (rest.length === 0) {
      container[key] = structuredClone(value);
      count += 1;
    } else {
      if (container[key] === undefined) container[key] = /^\d+$/.test(rest[0] as string) ? [] : {};
      count += setPath(container[key], rest, value, o);
    }
  }
  return count;
}
