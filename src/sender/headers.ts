import type { HeaderMap } from "../providers/types.js";

/**
 * Header names are case-insensitive; the sender keys them in lower case (as HeaderMap does
 * everywhere in hooks), so that a later header replaces an earlier one by name. Node, Express,
 * Rails and Go receivers all normalise the case anyway.
 */
export function lowerCaseNames(headers: Readonly<Record<string, string>>): HeaderMap {
  const out = emptyHeaders();
  for (const name of Object.keys(headers)) out[name.toLowerCase()] = headers[name] as string;
  return out;
}

/**
 * A map without a prototype: objects with many dashed keys built by spreading or assignment drop
 * to V8's slow dictionary mode, which cost more per request than signing it (bench/send.bench.js).
 */
export function emptyHeaders(): HeaderMap {
  return Object.create(null) as HeaderMap;
}

const LOWER = /^[^A-Z]*$/;

/**
 * The headers of one request as undici's flat `[name, value, ...]` list: the notification's own,
 * then each layer in turn (signature, retry headers, --header), a later layer replacing an
 * earlier header of the same name.
 */
export function headerList(
  base: HeaderMap,
  layers: readonly (Readonly<Record<string, string>> | undefined)[],
): string[] {
  const names: string[] = [];
  const values: string[] = [];
  for (const layer of layers) {
    if (!layer) continue;
    for (const name of Object.keys(layer)) {
      const lower = LOWER.test(name) ? name : name.toLowerCase();
      const at = names.indexOf(lower);
      if (at >= 0) values[at] = layer[name] as string;
      else {
        names.push(lower);
        values.push(layer[name] as string);
      }
    }
  }
  const out: string[] = [];
  for (const name of Object.keys(base)) {
    if (!names.includes(name)) out.push(name, base[name] as string);
  }
  for (let i = 0; i < names.length; i += 1) out.push(names[i] as string, values[i] as string);
  return out;
}
