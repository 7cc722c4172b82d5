import { UsageError } from "../errors.js";
import { providerError } from "./api-error.js";
import type { ApiResponse } from "./api-http.js";
import { asRecord, createUp42Session } from "./up42-api-auth.js";
import type {
  ApiContext,
  CreateInput,
  EventType,
  ProviderTest,
  Subscription,
  TestReport,
  UpdateInput,
  WebhookApi,
} from "./types.js";

// UP42's workspace webhooks (https://docs.up42.com/developers/api-webhooks): every answer is
// `{"data":…,"error":null}`, the secret is the client's and comes back in clear, `active` defaults
// to false (so hooks sends true), and PUT replaces the whole webhook: an update sends all five
// fields, the secret included, or UP42 forgets what was not sent. The list is one answer: UP42
// documents no pagination for it (its own SDK reads `data` whole).

/** One webhook as UP42 sends it. */
interface Up42Webhook {
  id: string;
  url: string;
  name: string;
  active: boolean;
  events: string[];
  createdAt: string | null;
  /** In clear; "" when the webhook has none; undefined when the answer left it out. */
  secret: string | undefined;
}

export function createUp42Api(context: ApiContext): WebhookApi {
  const session = createUp42Session(context);
  const { api } = session.hosts;

  async function webhooksUrl(id?: string): Promise<string> {
    const base = `${api}/workspaces/${encodeURIComponent(await session.workspaceId())}/webhooks`;
    return id === undefined ? base : `${base}/${encodeURIComponent(id)}`;
  }

  async function fetchWebhook(id: string): Promise<Up42Webhook> {
    return toWebhook(data(await session.send({ method: "GET", url: await webhooksUrl(id) })));
  }

  return {
    provider: "up42",

    async events(): Promise<EventType[]> {
      const answer = data(await session.send({ method: "GET", url: `${api}/webhooks/events` }));
      return asArray(answer).map((item) => {
        const event = asRecord(item);
        const name = typeof item === "string" ? item : String(event?.name ?? "");
        const description = event?.description ?? event?.title;
        return { name, description: typeof description === "string" ? description : null };
      });
    },

    async list() {
      const answer = data(await session.send({ method: "GET", url: await webhooksUrl() }));
      return asArray(answer).map((item) => toSubscription(toWebhook(item)));
    },

    async get(id) {
      return toSubscription(await fetchWebhook(id));
    },

    async create(input: CreateInput) {
      const body = {
        name: input.name,
        url: input.url,
        events: input.events,
        secret: input.secret ?? "",
        // UP42 creates a webhook switched off unless told otherwise; hooks' are meant to receive.
        active: true,
      };
      const answer = await session.send({ method: "POST", url: await webhooksUrl(), json: body });
      return toSubscription(toWebhook(data(answer)), input.secret);
    },

    async update(id: string, input: UpdateInput) {
      // PUT replaces the webhook: read what it is now, so what is not being changed is resent.
      const current = await fetchWebhook(id);
      const secret = input.secret ?? current.secret;
      if (secret === undefined) {
        throw new UsageError(
          `up42: webhook ${id}'s answer carries no secret and an update replaces the whole webhook; pass --secret <s> to keep it`,
        );
      }
      const body = {
        name: current.name,
        url: input.url ?? current.url,
        events: input.events ?? current.events,
        secret,
        active: input.enabled ?? current.active,
      };
      const answer = await session.send({ method: "PUT", url: await webhooksUrl(id), json: body });
      return toSubscription(toWebhook(data(answer)), secret);
    },

    async delete(id) {
      // UP42 does not document the status; session.send accepts any 2xx (200 or 204).
      await session.send({ method: "DELETE", url: await webhooksUrl(id) });
    },

    async test(id: string, event?: string): Promise<TestReport> {
      if (event !== undefined) {
        throw new UsageError(
          "up42 sends one test delivery for every event the webhook subscribes to and cannot test one alone; drop --event",
        );
      }
      const webhook = await fetchWebhook(id);
      const answer = await session.send({ method: "POST", url: `${await webhooksUrl(id)}/tests` });
      return testReport(asRecord(data(answer)), webhook.events);
    },
  };
}

/** The envelope's `data`, or the provider's answer called malformed. */
function data(response: ApiResponse): unknown {
  const envelope = asRecord(response.json);
  if (envelope === undefined || !("data" in envelope)) {
    throw providerError("up42", 502, `unexpected answer (HTTP ${response.status}): no "data"`);
  }
  return envelope.data;
}

function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  throw providerError("up42", 502, "unexpected answer: data is not a list");
}

function toWebhook(value: unknown): Up42Webhook {
  const item = asRecord(value);
  if (item === undefined || typeof item.id !== "string") {
    throw providerError("up42", 502, "unexpected answer: a webhook without an id");
  }
  const events = Array.isArray(item.events)
    ? item.events.filter((name): name is string => typeof name === "string")
    : [];
  return {
    id: item.id,
    url: typeof item.url === "string" ? item.url : "",
    name: typeof item.name === "string" ? item.name : "",
    active: item.active === true,
    events,
    createdAt: typeof item.createdAt === "string" ? item.createdAt : null,
    secret: typeof item.secret === "string" ? item.secret : undefined,
  };
}

/** `sent` is the secret hooks sent, for an answer that does not echo it. */
function toSubscription(webhook: Up42Webhook, sent?: string): Subscription {
  const secret = webhook.secret !== undefined && webhook.secret !== "" ? webhook.secret : sent;
  const subscription: Subscription = {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    enabled: webhook.active,
    createdAt: isoOrNull(webhook.createdAt),
    provider: "up42",
    name: webhook.name,
  };
  if (secret !== undefined && secret !== "") subscription.secret = secret;
  return subscription;
}

/** UP42 writes microseconds (`2022-02-17T08:47:11.377149Z`); hooks shows every date one way. */
function isoOrNull(value: string | null): string | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/**
 * UP42 reports counts only (`testsRun`, `testsSucceeded`, and `testsFailed` in its guide but not
 * in its SDK's fixture): not which event failed, nor what the URL answered. So `tests` holds one
 * entry per test run, built from the counts: status and duration null, the first `testsSucceeded`
 * entries ok. An entry names its event only when that is certain: one test per subscribed event
 * (what UP42 sends) and all of them passed or all failed; otherwise its event is "unknown".
 */
function testReport(answer: Record<string, unknown> | undefined, events: string[]): TestReport {
  const run = count(answer?.testsRun);
  const succeeded = count(answer?.testsSucceeded);
  if (run === undefined || succeeded === undefined || succeeded > run) {
    throw providerError("up42", 502, "unexpected answer: no testsRun/testsSucceeded counts");
  }
  const failed = count(answer?.testsFailed) ?? run - succeeded;
  const named = run === events.length && (succeeded === run || succeeded === 0);
  const tests: ProviderTest[] = [];
  for (let index = 0; index < run; index++) {
    const ok = index < succeeded;
    tests.push({
      event: named ? (events[index] ?? "unknown") : "unknown",
      id: `test-${index + 1}`,
      ok,
      status: null,
      durationMs: null,
      error: ok
        ? null
        : {
            reason: "failed",
            message: `UP42 reports ${failed} of ${run} test deliveries failed; it does not say which or what the URL answered`,
          },
    });
  }
  const startedAt = typeof answer?.startedAt === "string" ? answer.startedAt : "";
  return { startedAt, testsRun: run, testsSucceeded: succeeded, testsFailed: failed, tests };
}

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}
