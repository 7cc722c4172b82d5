import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { UsageError } from "../errors.js";
import { expandCatalog, type SampleCatalogFile, type SampleEvent } from "../providers/catalog.js";
import { findProvider, listProviders } from "../providers/index.js";
import type { Provider } from "../providers/types.js";
import { fileError } from "../util/file-error.js";
import { closest } from "../util/closest.js";
import { compileEvent } from "./samples.js";

/** The sample events of one file, and the provider it names. */
export interface SampleFile {
  file: string;
  provider: Provider;
  events: SampleEvent[];
}

/**
 * `hooks send --samples <dir>`: every `*.json` file of the directory, in name order, each checked
 * as the built-in catalogs are (its shape, its placeholders): a bad file is a one-line error
 * naming it. Nothing in a subdirectory is read.
 */
export async function readSampleDir(dir: string): Promise<SampleFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  } catch (error) {
    throw fileError("read the samples", dir, error, "pass --samples <dir>, a directory");
  }
  if (names.length === 0) {
    throw new UsageError(
      `no *.json sample files in ${dir}; \`hooks events export <id> --to ${dir}\` writes some`,
    );
  }
  const out: SampleFile[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw fileError("read the sample", file, error, "pass --samples <dir> of readable files");
    }
    out.push(parseSampleFile(file, text));
  }
  return out;
}

/** One file's events, or a UsageError `<file>: <what is wrong>`. */
export function parseSampleFile(file: string, text: string): SampleFile {
  const wrong = (what: string): UsageError => new UsageError(`${file}: ${what}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw wrong(`not JSON (${(error as Error).message})`);
  }
  if (!isObject(value)) throw wrong('expected an object {"provider", "events": [...]}');
  const provider = typeof value.provider === "string" ? findProvider(value.provider) : undefined;
  if (!provider) {
    const known = listProviders().map((each) => each.id);
    const given = typeof value.provider === "string" ? `"${value.provider}"` : "none";
    throw wrong(`"provider" must be one of ${known.join(", ")} (got ${given})`);
  }
  if (!Array.isArray(value.events) || value.events.length === 0) {
    throw wrong('"events" must be a non-empty array');
  }
  value.events.forEach((entry, i) => checkEntry(entry, `events[${i}]`, wrong));
  let events: SampleEvent[];
  try {
    events = expandCatalog(value as unknown as SampleCatalogFile).events;
    // Compiling reads every placeholder: an unknown one is this file's mistake, said now.
    for (const event of events) compileEvent(event, { overrides: [], userHeaders: {} });
  } catch (error) {
    throw wrong((error as Error).message);
  }
  return { file, provider, events };
}

function checkEntry(entry: unknown, where: string, wrong: (what: string) => UsageError): void {
  if (!isObject(entry)) throw wrong(`${where} must be an object`);
  if ("each" in entry) {
    if (!isObject(entry.each) || !isObject(entry.event)) {
      throw wrong(`${where}: a table needs "each" and "event" objects`);
    }
    return checkEntry(entry.event, `${where}.event`, wrong);
  }
  if (typeof entry.name !== "string" || entry.name.trim() === "") {
    throw wrong(`${where}: "name" must be a non-empty string`);
  }
  const at = `${where} (${entry.name})`;
  for (const field of ["description", "id", "rawBody", "bodyBase64", "method", "echo"]) {
    if (field in entry && typeof entry[field] !== "string") {
      throw wrong(`${at}: "${field}" must be a string`);
    }
  }
  const bodies = ["body", "rawBody", "bodyBase64"].filter((field) => field in entry);
  if (bodies.length > 1) throw wrong(`${at}: give one of ${bodies.join(", ")}, not several`);
  if ("headers" in entry) {
    const headers = entry.headers;
    if (!isObject(headers) || Object.values(headers).some((v) => typeof v !== "string")) {
      throw wrong(`${at}: "headers" must be an object of strings`);
    }
  }
  if (typeof entry.bodyBase64 === "string" && !/^[A-Za-z0-9+/]*={0,2}$/.test(entry.bodyBase64)) {
    throw wrong(`${at}: "bodyBase64" is not base64`);
  }
  if (typeof entry.method === "string" && !/^[A-Za-z]+$/.test(entry.method)) {
    throw wrong(`${at}: "method" must be an HTTP method such as POST`);
  }
  if ("indent" in entry) {
    const indent = entry.indent;
    if (typeof indent !== "number" || !Number.isInteger(indent) || indent < 0 || indent > 10) {
      throw wrong(`${at}: "indent" must be a whole number from 0 to 10`);
    }
  }
}

/**
 * The files a run sends: one provider's, since a run signs with one secret. `--provider` picks
 * it among the files (the rest are left out); without it the files must all name one provider.
 */
export function chooseSamples(
  files: readonly SampleFile[],
  dir: string,
  providerFlag: string | undefined,
): { provider: Provider; files: SampleFile[] } {
  const ids = [...new Set(files.map((file) => file.provider.id))];
  if (providerFlag !== undefined) {
    const chosen = files.filter((file) => file.provider.id === providerFlag);
    if (chosen.length === 0) {
      throw new UsageError(
        `no ${providerFlag} sample files in ${dir} (its files are for ${ids.join(", ")})`,
      );
    }
    return { provider: chosen[0]?.provider as Provider, files: chosen };
  }
  if (ids.length > 1) {
    throw new UsageError(
      `${dir} holds samples of several providers (${ids.join(", ")}), and a run signs with one secret: pick one with --provider <id>`,
    );
  }
  return { provider: files[0]?.provider as Provider, files: [...files] };
}

/**
 * `--event`: the samples of that name (exact, else the same but for case) or of that file
 * (`stripe-charge.refunded-ab12cd` or with .json), every one that matches, in file order.
 */
export function pickSamples(files: readonly SampleFile[], names: readonly string[]): SampleEvent[] {
  const all = files.flatMap((file) => file.events.map((event) => ({ file: file.file, event })));
  if (names.length === 0) return all.map(({ event }) => event);
  const out: SampleEvent[] = [];
  for (const name of names) {
    const stem = name.replace(/\.json$/, "");
    const byFile = all.filter(({ file }) => basename(file, ".json") === stem);
    const exact = all.filter(({ event }) => event.name === name);
    const folded = all.filter(({ event }) => event.name.toLowerCase() === name.toLowerCase());
    const found = byFile.length > 0 ? byFile : exact.length > 0 ? exact : folded;
    if (found.length === 0) {
      const known = [...new Set(all.map(({ event }) => event.name))];
      const suggestion = closest(name, known);
      const hint = suggestion ? `did you mean "${suggestion}"?` : `known: ${known.join(", ")}`;
      throw new UsageError(`no sample "${name}" in the --samples files; ${hint}`);
    }
    out.push(...found.map(({ event }) => event));
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
