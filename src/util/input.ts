import { readFileSync } from "node:fs";
import { UsageError } from "../errors.js";
import { fileError } from "./file-error.js";
import type { HeaderMap } from "./headers.js";

/**
 * Reads a `--payload <file|->` as raw bytes; `-` is standard input. Never re-serialised.
 * A synchronous read on purpose: node:fs/promises costs ~2 ms to load, a tenth of verify's budget.
 */
export async function readPayload(spec: string): Promise<Buffer> {
  if (spec === "-") return readStream(process.stdin);
  try {
    return readFileSync(spec);
  } catch (error) {
    throw fileError("read the payload file", spec, error, "pass a readable file or - for stdin");
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Parses an integer flag; anything else is a usage error naming the flag. */
export function parseIntFlag(
  flag: string,
  value: string,
  { min = 0, max = Number.MAX_SAFE_INTEGER } = {},
): number {
  const parsed = /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}..${max}`;
    throw new UsageError(`invalid ${flag} "${value}": expected an integer ${range}`);
  }
  return parsed;
}

/** Commander collector for repeatable flags (`--header a --header b`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
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

/** A replay's `--timeout <ms>`: undefined when not given, so that the provider's delivery limit applies. */
export function parseTimeoutMs(value: string | undefined): number | undefined {
  return value === undefined
    ? undefined
    : parseIntFlag("--timeout", value, { min: 1, max: 3_600_000 });
}
