import { CheckFailed, UsageError } from "../errors.js";
import type { ApiRequest } from "./api-http.js";
import {
  checkAnswer,
  toEventTypes,
  toSubscription,
  type SquareSubscription,
  type SquareTestResult,
} from "./square-wire.js";
import type {
  ApiContext,
  CreateInput,
  ProviderTest,
  Subscription,
  TestReport,
  UpdateInput,
  WebhookApi,
} from "./types.js";

// Square's Webhook Subscriptions API. Its quirks, which this client exists to carry:
// - the signature key comes back only from create and retrieve; list and update leave it out, and
//   only the signature-key endpoint changes it;
// - Square signs the notification URL with the body, so a re-pointed subscription's deliveries
//   verify against the new URL (the caller's business: the key itself stays);
// - only the application's personal access token works: OAuth tokens are refused.

const HOSTS = {
  sandbox: "https://connect.squareupsandbox.com",
  production: "https://connect.squareup.com",
} as const;

/** The API version hooks is written against; Square answers in this version's shapes. */
export const SQUARE_VERSION = "2025-08-20";

/** The most a list page holds (and Square's default). */
const PAGE_LIMIT = 100;
/** Square takes idempotency keys of up to 45 characters. */
const IDEMPOTENCY_KEY_MAX = 45;
const SUBSCRIPTIONS = "/v2/webhooks/subscriptions";

export function createSquareApi(context: ApiContext): WebhookApi {
  const token = context.credentials["token"];
  if (token === undefined || token.length === 0) {
    throw new UsageError(
      "missing SQUARE_ACCESS_TOKEN: the application's personal access token (Developer Console > your app > Credentials)",
    );
  }
  const base = (context.apiUrl ?? HOSTS[context.environment]).replace(/\/+$/, "");

  async function call(
    method: ApiRequest["method"],
    path: string,
    json?: unknown,
  ): Promise<Record<string, unknown>> {
    const request: ApiRequest = {
      method,
      url: `${base}${path}`,
      headers: { authorization: `Bearer ${token}`, "square-version": SQUARE_VERSION },
    };
    if (json !== undefined) request.json = json;
    return checkAnswer(await context.http(request), token as string);
  }

  const one = (answer: Record<string, unknown>): SquareSubscription => {
    const subscription = answer["subscription"];
    if (typeof subscription !== "object" || subscription === null) {
      throw new CheckFailed("square: the answer holds no subscription");
    }
    return subscription as SquareSubscription;
  };
  const idPath = (id: string) => `${SUBSCRIPTIONS}/${encodeURIComponent(id)}`;
  const idempotencyKey = () => context.newId().slice(0, IDEMPOTENCY_KEY_MAX);

  async function get(id: string): Promise<Subscription> {
    return toSubscription(one(await call("GET", idPath(id))));
  }

  async function list(): Promise<Subscription[]> {
    const all: Subscription[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      // Disabled subscriptions are hidden unless asked for; hooks shows every one.
      const query = new URLSearchParams({ include_disabled: "true", limit: String(PAGE_LIMIT) });
      if (cursor !== undefined) query.set("cursor", cursor);
      const answer = await call("GET", `${SUBSCRIPTIONS}?${query.toString()}`);
      const page = Array.isArray(answer["subscriptions"]) ? answer["subscriptions"] : [];
      all.push(...(page as SquareSubscription[]).map(toSubscription));
      const next = answer["cursor"];
      cursor = typeof next === "string" && next.length > 0 ? next : undefined;
      if (cursor !== undefined && seen.has(cursor)) {
        throw new CheckFailed("square: the list answered the same cursor twice");
      }
      if (cursor !== undefined) seen.add(cursor);
    } while (cursor !== undefined);
    return all;
  }

  async function create(input: CreateInput): Promise<Subscription> {
    if (input.secret !== undefined) {
      throw new UsageError(
        "square makes the signature key itself: --secret cannot set it (`hooks webhooks rotate` makes a new one)",
      );
    }
    const answer = await call("POST", SUBSCRIPTIONS, {
      idempotency_key: idempotencyKey(),
      subscription: {
        name: input.name,
        event_types: input.events,
        notification_url: input.url,
        enabled: true,
      },
    });
    const created = toSubscription(one(answer));
    // The create answer carries the key; should one ever not, retrieve is the other that does.
    return created.secret === undefined ? get(created.id) : created;
  }

  async function update(id: string, input: UpdateInput): Promise<Subscription> {
    // A partial update: Square keeps every field the body leaves out.
    const changes: SquareSubscription = {};
    if (input.url !== undefined) changes.notification_url = input.url;
    if (input.events !== undefined) changes.event_types = input.events;
    if (input.enabled !== undefined) changes.enabled = input.enabled;
    if (Object.keys(changes).length === 0) {
      throw new UsageError("nothing to update: give --url, --event, --enable or --disable");
    }
    const updated = toSubscription(one(await call("PUT", idPath(id), { subscription: changes })));
    // The update answer leaves the signature key out though the key stays what it was: keep the
    // one the caller knows rather than report the subscription as keyless.
    if (updated.secret === undefined && input.secret !== undefined) updated.secret = input.secret;
    return updated;
  }

  async function remove(id: string): Promise<void> {
    await call("DELETE", idPath(id));
  }

  async function testOne(id: string, event: string): Promise<ProviderTest> {
    const answer = await call("POST", `${idPath(id)}/test`, { event_type: event });
    const result = answer["subscription_test_result"] as SquareTestResult | undefined;
    if (typeof result !== "object" || result === null) {
      throw new CheckFailed("square: the test answer holds no subscription_test_result");
    }
    return toTest(event, result);
  }

  async function test(id: string, event?: string): Promise<TestReport> {
    const startedAt = new Date(context.clock()).toISOString();
    // Square sends one test notification a call; without an event, one of each the
    // subscription is for, so every event type's route at the receiver is tried.
    const events = event !== undefined ? [event] : (await get(id)).events;
    if (events.length === 0) throw new UsageError(`square: subscription ${id} has no event types`);
    const tests: ProviderTest[] = [];
    for (const name of events) tests.push(await testOne(id, name));
    const succeeded = tests.filter((one) => one.ok).length;
    return {
      startedAt,
      testsRun: tests.length,
      testsSucceeded: succeeded,
      testsFailed: tests.length - succeeded,
      tests,
    };
  }

  async function rotate(id: string): Promise<{ secret: string }> {
    const answer = await call("POST", `${idPath(id)}/signature-key`, {
      idempotency_key: idempotencyKey(),
    });
    const key = answer["signature_key"];
    if (typeof key !== "string" || key.length === 0) {
      throw new CheckFailed("square: the rotate answer holds no signature_key");
    }
    return { secret: key };
  }

  return {
    provider: "square",
    list,
    get,
    events: async () => toEventTypes(await call("GET", "/v2/webhooks/event-types")),
    create,
    update,
    delete: remove,
    test,
    rotate,
  };
}

function toTest(event: string, result: SquareTestResult): ProviderTest {
  const status = typeof result.status_code === "number" ? result.status_code : null;
  const ok = status !== null && status >= 200 && status < 300;
  const id = result.id ?? event;
  if (ok) return { event, id, ok, status, durationMs: null, error: null };
  return {
    event,
    id,
    ok,
    status,
    durationMs: null,
    error:
      status === null
        ? { reason: "connection_error", message: "Square got no answer from the notification URL" }
        : { reason: "http_error", message: `the notification URL answered HTTP ${status}` },
  };
}
