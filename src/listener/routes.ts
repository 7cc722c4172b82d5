import { UsageError } from "../errors.js";
import { isProviderId, PROVIDER_IDS } from "../providers/table.js";
import { closest } from "../util/closest.js";
import { parseUserUrl } from "../util/url.js";

/**
 * One `--forward-to` target and which requests it takes. Routes are plain data: the listener
 * picks one per request with matchRoute, first rule that matches, else the catch-all.
 */
export type Route =
  | { kind: "catch-all"; rule: "*"; url: string }
  | { kind: "provider"; rule: string; url: string; provider: string }
  | { kind: "path"; rule: string; url: string; prefix: string }
  | { kind: "event"; rule: string; url: string; glob: RegExp };

/** What a route is matched against: a request as hooks labels it. */
export interface Routable {
  provider: string | null;
  /** Path and query, as sent; rules look at the path only. */
  path: string;
  eventType?: string | undefined;
}

/** The forms a `--forward-to` value takes, for every error about one. */
export const ROUTE_FORMS =
  "accepted: <url> (the catch-all), or <rule>=<url> where <rule> is a provider id (square=), a path prefix ending in * (/github/*=) or an event glob (orders/*=)";

/** Characters of an event glob: what providers' event types are made of, and `*`. */
const EVENT_GLOB = /^[A-Za-z0-9_.\-/*]+$/;

/**
 * `square=http://localhost:3000/sq`, `/github/*=:4000`, `orders/*=:5000`, or a plain URL (the
 * catch-all, `*=` also says so). A value whose part before the first `=` holds `://`, `:` or `?`
 * is a URL with a query (`localhost:3000/x?a=b`), not a rule.
 */
export function parseRoute(value: string, origin = "--forward-to"): Route {
  const typed = value.trim();
  const equals = typed.indexOf("=");
  const rule = equals < 0 ? undefined : typed.slice(0, equals);
  if (rule === undefined || /[:?]/.test(rule)) {
    return { kind: "catch-all", rule: "*", url: parseUserUrl(typed, origin) };
  }
  const bad = (why: string): UsageError =>
    new UsageError(`invalid ${origin} rule "${rule}" in "${value}": ${why}; ${ROUTE_FORMS}`);
  const target = typed.slice(equals + 1);
  if (rule === "") throw bad("the rule before = is empty");
  if (target.trim() === "") throw bad("the URL after = is missing");
  const url = parseUserUrl(target, `${origin} ${rule}=`);
  if (rule === "*") return { kind: "catch-all", rule: "*", url };
  if (rule.startsWith("/")) {
    if (!rule.endsWith("*"))
      throw bad(`a path rule ends in *, such as ${rule.replace(/\/?$/, "/*")}`);
    const prefix = rule.slice(0, -1);
    if (prefix.includes("*") || /[\s?#]/.test(prefix)) {
      throw bad("a path rule is a path (no spaces, ? or #) with one * at its end");
    }
    return { kind: "path", rule, url, prefix };
  }
  const id = rule.toLowerCase();
  if (isProviderId(id)) return { kind: "provider", rule, url, provider: id };
  // A one-word rule next to a provider id is a typo, not an event nobody sends (`sqare=`).
  const meant = /^[a-z0-9]+$/.test(id) ? closest(id, PROVIDER_IDS) : undefined;
  if (meant !== undefined) {
    throw bad(
      `no provider is called "${rule}": did you mean ${meant}=? (for an event of that name, write ${rule}*=)`,
    );
  }
  if (!EVENT_GLOB.test(rule)) {
    throw bad(
      "not a provider id, a path (starting with /) or an event glob (letters, digits, . _ - / and *)",
    );
  }
  return { kind: "event", rule, url, glob: globRegExp(rule) };
}

/** Every `--forward-to`, in order; one catch-all at most (it applies wherever it is written). */
export function parseRoutes(values: readonly string[], origin = "--forward-to"): Route[] {
  const routes = values.map((value) => parseRoute(value, origin));
  const catchAlls = routes.filter((route) => route.kind === "catch-all");
  if (catchAlls.length > 1) {
    throw new UsageError(
      `${origin} has ${catchAlls.length} catch-all URLs (${catchAlls.map((r) => r.url).join(", ")}): give one plain URL, and a rule for the others; ${ROUTE_FORMS}`,
    );
  }
  return routes;
}

/**
 * The first rule that matches, else the catch-all, else undefined (hooks answers itself). The
 * catch-all is tried last wherever it was written, so that `--forward-to :3000 --forward-to
 * 'square=:4000'` still sends Square to 4000.
 */
export function matchRoute(routes: readonly Route[], request: Routable): Route | undefined {
  let catchAll: Route | undefined;
  for (const route of routes) {
    if (route.kind === "catch-all") catchAll ??= route;
    else if (routeMatches(route, request)) return route;
  }
  return catchAll;
}

/**
 * Labels a request with its route (`route`: the rule, or null when none matched) or as filtered
 * out by `--events` (`filtered`), and returns the URL it is forwarded to, if any. Without
 * `routes`, `forwardTo` takes every request, unlabelled (the listener used on its own).
 */
export function routeArrival(
  arrival: Routable & { route?: string | null; filtered?: true },
  options: {
    routes?: readonly Route[] | undefined;
    events?: readonly RegExp[] | undefined;
    forwardTo?: string | undefined;
  },
): string | undefined {
  const { routes, events } = options;
  if (events && events.length > 0) {
    const type = arrival.eventType;
    if (type === undefined || !events.some((glob) => glob.test(type))) {
      arrival.filtered = true;
      return undefined;
    }
  }
  if (!routes) return options.forwardTo;
  if (routes.length === 0) return undefined;
  const route = matchRoute(routes, arrival);
  arrival.route = route?.rule ?? null;
  return route?.url;
}

export function catchAllOf(routes: readonly Route[]): string | undefined {
  return routes.find((route) => route.kind === "catch-all")?.url;
}

function routeMatches(route: Exclude<Route, { kind: "catch-all" }>, request: Routable): boolean {
  switch (route.kind) {
    case "provider":
      return request.provider === route.provider;
    case "path": {
      const query = request.path.indexOf("?");
      const path = query < 0 ? request.path : request.path.slice(0, query);
      // `/github/*` takes `/github` itself too.
      return path.startsWith(route.prefix) || `${path}/` === route.prefix;
    }
    case "event":
      return request.eventType !== undefined && route.glob.test(request.eventType);
  }
}

/** `orders/*` as a RegExp: `*` is any run of characters (`/` and `.` included), the rest literal. */
export function globRegExp(glob: string): RegExp {
  const body = glob
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`);
}

/** `--events <glob>`: event types (`*` any run of characters); a typo is exit 2, not silence. */
export function parseEventGlobs(globs: readonly string[]): RegExp[] {
  return globs.map((glob) => {
    if (!EVENT_GLOB.test(glob.trim())) {
      throw new UsageError(
        `invalid --events "${glob}": an event type or glob (letters, digits, . _ - / and *), such as payment.* or orders/*`,
      );
    }
    return globRegExp(glob.trim());
  });
}
