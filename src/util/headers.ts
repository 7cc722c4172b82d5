import { UsageError } from "../errors.js";

/** Header names are case-insensitive; everything inside hooks keys them in lower case. */
export type HeaderMap = Record<string, string>;

export function lowerCaseHeaders(
  headers: Record<string, string | string[] | undefined>,
): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** Parses a `--header "Name: value"` flag; a value without a colon is a usage error. */
export function parseHeaderFlag(flag: string): [string, string] {
  const colon = flag.indexOf(":");
  const name = colon > 0 ? flag.slice(0, colon).trim() : "";
  if (!name || /[\s()<>@,;"/[\]?={}]/.test(name)) {
    throw new UsageError(`malformed --header "${flag}": expected "Name: value"`);
  }
  return [name.toLowerCase(), flag.slice(colon + 1).trim()];
}

export function parseHeaderFlags(flags: readonly string[] | undefined): HeaderMap {
  const out: HeaderMap = {};
  for (const flag of flags ?? []) {
    const [name, value] = parseHeaderFlag(flag);
    out[name] = value;
  }
  return out;
}
