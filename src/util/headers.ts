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
