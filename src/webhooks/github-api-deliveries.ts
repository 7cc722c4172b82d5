import { UsageError } from "../errors.js";
import { ProviderRefused } from "./api-error.js";
import type { GithubSession } from "./github-api.js";
import type { ProviderDelivery, ProviderTest, RedeliverResult, TestReport } from "./types.js";

// A hook's delivery log: `hooks webhooks deliveries` and `redeliver`, and `test`, which asks
// GitHub for a ping (and, on a repository hook subscribed to push, a test push) and then finds
// what GitHub sent in the log, since /pings and /tests answer 204 with nothing about the delivery.

/** How often and how long `test` looks for its deliveries: GitHub sends a ping within a second or two. */
const POLL_MS = 1000;
const POLL_ATTEMPTS = 10;
/**
 * `delivered_at` is GitHub's clock, in whole seconds: a delivery counts as the test's if it is
 * new since the test began (not on the page read before) and not older than this before its start.
 */
const CLOCK_SKEW_MS = 60_000;

/** hook-delivery-item of the REST API description (all fields required but throttled_at). */
interface DeliveryItem {
  id: number | string;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  duration: number;
  status: string;
  status_code: number;
  event: string;
  action: string | null;
}

export async function githubDeliveries(
  session: GithubSession,
  hookId: string,
  since?: Date,
): Promise<ProviderDelivery[]> {
  const from = since?.getTime() ?? -Infinity;
  // Newest first: once a page reaches back before `since`, the next pages are older still.
  const items = (
    await session.http.pages(`${session.hooksUrl}/${hookId}/deliveries?per_page=100`, (page) =>
      page.every((item) => deliveredMs(item as DeliveryItem) >= from),
    )
  ).map((item) => item as DeliveryItem);
  return items.filter((item) => deliveredMs(item) >= from).map(toDelivery);
}

export async function githubRedeliver(
  session: GithubSession,
  hookId: string,
  deliveryIds: string[],
): Promise<RedeliverResult[]> {
  const bad = deliveryIds.find((id) => !/^\d+$/.test(id));
  if (bad !== undefined) throw new UsageError(`github: a delivery id is a number (got "${bad}")`);
  const results: RedeliverResult[] = [];
  for (const id of deliveryIds) {
    try {
      // 202 Accepted: GitHub queues the attempt; it shows in the log as redelivery: true.
      await session.http({
        method: "POST",
        url: `${session.hooksUrl}/${hookId}/deliveries/${id}/attempts`,
      });
      results.push({ id, ok: true, message: null });
    } catch (error) {
      // One unknown or expired delivery is that delivery's result; a refused token is everyone's.
      if (!(error instanceof ProviderRefused) || error.status === 401 || error.status === 403) {
        throw error;
      }
      results.push({ id, ok: false, message: error.message });
    }
  }
  return results;
}

export async function githubTest(
  session: GithubSession,
  hookId: string,
  event?: string,
): Promise<TestReport> {
  const started = session.clock();
  const hookUrl = `${session.hooksUrl}/${hookId}`;
  const hook = (await session.http({ method: "GET", url: hookUrl })).json as { events?: unknown };
  const wanted = testEvents(session, Array.isArray(hook.events) ? hook.events : [], event);
  const seen = new Set((await newestDeliveries(session, hookUrl)).map((item) => String(item.id)));
  for (const name of wanted) {
    await session.http({
      method: "POST",
      url: `${hookUrl}/${name === "ping" ? "pings" : "tests"}`,
    });
  }
  const found = new Map<string, DeliveryItem>();
  for (let attempt = 0; attempt < POLL_ATTEMPTS && found.size < wanted.length; attempt++) {
    if (attempt > 0) await session.sleep(POLL_MS);
    for (const item of await newestDeliveries(session, hookUrl)) {
      const fresh = !seen.has(String(item.id)) && deliveredMs(item) >= started - CLOCK_SKEW_MS;
      if (fresh && !item.redelivery && wanted.includes(item.event) && !found.has(item.event)) {
        found.set(item.event, item);
      }
    }
  }
  const tests = wanted.map((name) => {
    const item = found.get(name);
    return item === undefined ? notDelivered(name) : toTest(item);
  });
  const succeeded = tests.filter((test) => test.ok).length;
  return {
    startedAt: new Date(started).toISOString(),
    testsRun: tests.length,
    testsSucceeded: succeeded,
    testsFailed: tests.length - succeeded,
    tests,
  };
}

/** What GitHub can be asked to send: a ping to any hook, a push to a repository hook with push. */
function testEvents(
  session: GithubSession,
  events: unknown[],
  event: string | undefined,
): string[] {
  const push = session.kind === "repo" && (events.includes("push") || events.includes("*"));
  if (event === undefined) return push ? ["ping", "push"] : ["ping"];
  if (event === "ping") return ["ping"];
  if (event !== "push") {
    throw new UsageError(
      `github: GitHub sends test deliveries of ping and push only (got "${event}")`,
    );
  }
  if (session.kind === "org")
    throw new UsageError("github: organization hooks have no test push, only a ping");
  // GitHub answers 204 and sends nothing to a hook that is not subscribed to push.
  if (!push)
    throw new UsageError(
      "github: the hook is not subscribed to push, so GitHub would send no test push",
    );
  return ["push"];
}

async function newestDeliveries(session: GithubSession, hookUrl: string): Promise<DeliveryItem[]> {
  const response = await session.http({ method: "GET", url: `${hookUrl}/deliveries?per_page=30` });
  return Array.isArray(response.json) ? (response.json as DeliveryItem[]) : [];
}

function deliveredMs(item: DeliveryItem): number {
  const ms = Date.parse(item.delivered_at);
  return Number.isNaN(ms) ? -Infinity : ms;
}

function answered(item: DeliveryItem): number | null {
  // GitHub logs status_code 0 when the URL never answered (`failed to connect`, a timeout).
  return typeof item.status_code === "number" && item.status_code > 0 ? item.status_code : null;
}

function isOk(item: DeliveryItem): boolean {
  const status = answered(item);
  return status !== null && status >= 200 && status < 300;
}

function toDelivery(item: DeliveryItem): ProviderDelivery {
  return {
    id: String(item.id),
    // X-GitHub-Delivery, what src/providers/github.ts records as the event id.
    eventId: typeof item.guid === "string" ? item.guid : null,
    event: item.action ? `${item.event}.${item.action}` : item.event,
    deliveredAt: new Date(deliveredMs(item)).toISOString(),
    status: answered(item),
    ok: isOk(item),
    redelivery: item.redelivery === true,
    message: typeof item.status === "string" ? item.status : null,
  };
}

function toTest(item: DeliveryItem): ProviderTest {
  const ok = isOk(item);
  const status = answered(item);
  return {
    event: item.event,
    id: item.guid,
    ok,
    status,
    durationMs: typeof item.duration === "number" ? Math.round(item.duration * 1000) : null,
    error: ok ? null : { reason: failureReason(item, status), message: item.status },
  };
}

/** In the words of `hooks send`'s report (src/sender/classify.ts). */
function failureReason(item: DeliveryItem, status: number | null): string {
  if (status !== null) return "http_error";
  if (/timed? ?out/i.test(item.status)) return "http_timeout";
  if (/ssl|tls|certificate/i.test(item.status)) return "ssl_error";
  return "connection_error";
}

function notDelivered(event: string): ProviderTest {
  const seconds = (POLL_MS * POLL_ATTEMPTS) / 1000;
  return {
    event,
    id: "",
    ok: false,
    status: null,
    durationMs: null,
    error: {
      reason: "not_delivered",
      message: `GitHub accepted the ${event} test but no ${event} delivery showed in the hook's log within ${seconds} s`,
    },
  };
}
