import { UsageError } from "../errors.js";

/** The fix every URL error suggests: the two shapes people type most. */
const EXPECTED = "expected a URL such as http://localhost:3000/webhooks or a port such as 3000";

/**
 * The one rule for every URL a user types (`--forward-to`, `--public-url`, `--to`, `<url>` of
 * `hooks send`, `HOOKS_URL`, a profile's `url`, `hooks init`), as `stripe listen --forward-to`
 * takes them:
 *
 * - a bare port (`3000`) is `http://localhost:3000`, and so is `:3000` (with or without a path
 *   after it, `:3000/hooks`), as a forward rule's URL is short to type (`/github/*=:4000`);
 * - no scheme (`localhost:3000/webhooks`, `example.com/hooks`) means http;
 * - a full http:// or https:// URL is kept exactly as typed, since Square signs the notification
 *   URL itself and a rewritten one (a host lower-cased, a `:443` dropped) would not match.
 *
 * Anything else is a usage error naming `origin` (where the value came from), what is wrong and
 * what to type instead. Returns the normalised URL, which is also what a profile stores.
 */
export function parseUserUrl(value: string, origin: string): string {
  const typed = value.trim();
  const fail = (why: string): UsageError =>
    new UsageError(`invalid ${origin} "${value}": ${why}; ${EXPECTED}`);
  if (typed === "") throw fail("empty");
  if (/\s/.test(typed)) throw fail("it contains a space");
  if (/^\d+$/.test(typed)) {
    checkPort(typed, fail);
    return `http://localhost:${typed}`;
  }
  const portFirst = /^:(\d+)([/?#].*)?$/.exec(typed);
  if (portFirst?.[1] !== undefined) {
    checkPort(portFirst[1], fail);
    return `http://localhost:${portFirst[1]}${portFirst[2] ?? ""}`;
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(typed)?.[1];
  if (scheme !== undefined && !/^https?$/i.test(scheme)) {
    throw fail(`${scheme.toLowerCase()}:// is not http:// or https://`);
  }
  if (scheme === undefined && /^https?:/i.test(typed)) throw fail("the scheme needs two slashes");
  const url = scheme === undefined ? `http://${typed}` : typed;
  const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(url)?.[1] ?? "";
  const host = authority.slice(authority.lastIndexOf("@") + 1);
  // No host name holds `=`: this is a forwarding rule (`square=:3000`) where one URL is taken.
  const hostName = host.replace(/:[^\]]*$/, "");
  if (hostName.includes("=")) {
    const rule = origin.startsWith("--forward-to")
      ? ""
      : "; rules such as square=<url> are for --forward-to";
    throw fail(`"${hostName}" is not a host name${rule}`);
  }
  const port = /^(?:\[[^\]]*\]|[^:]*):(.*)$/.exec(host)?.[1];
  if (port !== undefined) {
    if (port === "") throw fail("the port after the colon is missing");
    checkPort(port, fail);
  }
  try {
    new URL(url);
  } catch {
    throw fail(host === "" || host.startsWith(":") ? "the host is missing" : "not a URL");
  }
  return url;
}

function checkPort(port: string, fail: (why: string) => UsageError): void {
  if (!/^\d+$/.test(port)) throw fail(`port "${port}" is not a number`);
  const number = Number(port);
  if (number < 1 || number > 65_535) throw fail(`port ${port} is out of range 1..65535`);
}
