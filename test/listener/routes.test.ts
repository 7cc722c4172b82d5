import { describe, expect, it } from "vitest";
import { defaultTarget } from "../../src/inspector/default-target.js";
import { forwardTarget } from "../../src/listener/forward.js";
import {
  matchRoute,
  parseEventGlobs,
  parseRoute,
  parseRoutes,
  routeArrival,
} from "../../src/listener/routes.js";

describe("parseRoute", () => {
  it("reads the three kinds of rule and the catch-all", () => {
    expect(parseRoute("square=http://localhost:3000/sq")).toMatchObject({
      kind: "provider",
      rule: "square",
      provider: "square",
      url: "http://localhost:3000/sq",
    });
    expect(parseRoute("/github/*=:4000")).toMatchObject({
      kind: "path",
      prefix: "/github/",
      url: "http://localhost:4000",
    });
    expect(parseRoute("orders/*=:5000")).toMatchObject({ kind: "event", rule: "orders/*" });
    expect(parseRoute("3000")).toEqual({
      kind: "catch-all",
      rule: "*",
      url: "http://localhost:3000",
    });
    expect(parseRoute("*=:3000")).toMatchObject({ kind: "catch-all", rule: "*" });
  });

  it("keeps a URL whose query holds = a plain URL", () => {
    for (const url of [
      "localhost:3000/x?a=b",
      "http://127.0.0.1:3000/x?a=b",
      "example.com/h?t=1",
    ]) {
      expect(parseRoute(url)).toMatchObject({ kind: "catch-all" });
    }
    expect(parseRoute("square=http://h:1/x?a=b")).toMatchObject({ url: "http://h:1/x?a=b" });
  });

  it("refuses a one-word rule next to a provider id as the typo it is, and keeps real event names", () => {
    expect(() => parseRoute("sqare=:3000")).toThrow(
      /no provider is called "sqare": did you mean square=\? \(for an event of that name, write sqare\*=\)/,
    );
    expect(() => parseRoute("Githb=:3000")).toThrow(/did you mean github=/);
    for (const event of ["push", "ping", "star", "status", "sqare*"]) {
      expect(parseRoute(`${event}=:3000`)).toMatchObject({ kind: "event", rule: event });
    }
  });

  it("refuses a second catch-all", () => {
    expect(() => parseRoutes(["3000", "4000"])).toThrow(/2 catch-all URLs/);
  });
});

describe("matchRoute: first rule that matches, else the catch-all", () => {
  const routes = parseRoutes([
    ":9000",
    "github=:1",
    "/github/*=:2",
    "payment.*=:3",
    "pull_request.opened=:4",
  ]);
  const pick = (provider: string | null, path: string, eventType?: string) =>
    matchRoute(routes, { provider, path, eventType })?.rule;

  it("tries rules in order and the catch-all last, wherever it was written", () => {
    expect(pick("github", "/github/x", "pull_request.opened")).toBe("github");
    expect(pick(null, "/github/x?y=1")).toBe("/github/*");
    expect(pick(null, "/github")).toBe("/github/*");
    expect(pick(null, "/githubx")).toBe("*");
    expect(pick("square", "/sq", "payment.created")).toBe("payment.*");
    expect(pick("square", "/sq", "payment")).toBe("*");
    expect(pick("stripe", "/s", "pull_request.opened")).toBe("pull_request.opened");
    expect(pick("stripe", "/s")).toBe("*");
  });

  it("finds nothing without a catch-all", () => {
    expect(matchRoute(parseRoutes(["square=:1"]), { provider: null, path: "/" })).toBeUndefined();
  });

  it("gives the URL a request is forwarded to, as forwardUrl builds it", () => {
    expect(forwardTarget(routes, { provider: null, path: "/github/a?b=1" })).toEqual({
      route: "/github/*",
      url: "http://localhost:2/github/a?b=1",
    });
  });
});

describe("routeArrival", () => {
  it("labels the route, null when none matched, and --events filters first", () => {
    const routes = parseRoutes(["square=:1"]);
    const events = parseEventGlobs(["payment.*"]);
    const paid = { provider: "square", path: "/", eventType: "payment.created" } as {
      provider: string;
      path: string;
      eventType?: string;
      route?: string | null;
      filtered?: true;
    };
    expect(routeArrival(paid, { routes, events })).toBe("http://localhost:1");
    expect(paid.route).toBe("square");
    const refund = { provider: "square", path: "/", eventType: "refund.created" } as typeof paid;
    expect(routeArrival(refund, { routes, events })).toBeUndefined();
    expect(refund).toMatchObject({ filtered: true });
    expect(refund.route).toBeUndefined();
    const other = { provider: "github", path: "/" } as typeof paid;
    expect(routeArrival(other, { routes })).toBeUndefined();
    expect(other.route).toBeNull();
  });

  it("refuses an --events glob that is no event type", () => {
    expect(() => parseEventGlobs(["pay ment"])).toThrow(/invalid --events "pay ment"/);
  });
});

describe("the inspector's replay default", () => {
  it("is where the record's route sends it, else the listener", () => {
    const options = {
      forwardTo: "http://localhost:9",
      routes: parseRoutes(["/a/*=:1", ":9"]),
      localUrl: "http://127.0.0.1:4665",
    };
    const record = { path: "/a/x", provider: null } as Parameters<typeof defaultTarget>[0];
    expect(defaultTarget(record, options)).toBe("http://localhost:1/a/x");
    expect(defaultTarget({ ...record, path: "/b" }, options)).toBe("http://localhost:9/b");
    const rulesOnly = { ...options, forwardTo: undefined, routes: parseRoutes(["/a/*=:1"]) };
    expect(defaultTarget({ ...record, path: "/b" }, rulesOnly)).toBe("http://127.0.0.1:4665/b");
  });
});
