import { stringField } from "../util/json.js";
import { standard } from "./standard.js";
import type { HeaderMap, Provider } from "./types.js";

/** UP42's webhook events (https://docs.up42.com/account/webhooks). */
const UP42_EVENTS = ["order.status", "job.status"] as const;

/**
 * UP42 sends Standard Webhooks headers, so headers alone cannot tell it from `standard`. It is
 * named only on a clear hint: a User-Agent that says UP42, or a body whose `event` is one of UP42's
 * own event names. Anything else with webhook-* headers is reported as `standard`.
 */
export function looksLikeUp42(headers: HeaderMap, json?: unknown): boolean {
  if (/\bup42\b/i.test(headers["user-agent"] ?? "")) return true;
  const event = stringField(json, "event") ?? stringField(json, "type");
  return event !== undefined && (UP42_EVENTS as readonly string[]).includes(event);
}

export const up42: Provider = {
  ...standard,
  id: "up42",
  name: "UP42",
  secretFormat:
    "the `secret` given when the webhook was created, as text (a `whsec_` secret is base64-decoded, as in Standard Webhooks)",
  retry: {
    description:
      "UP42 does not publish its retry policy; test a webhook with its Test endpoint (data.testsRun, testsSucceeded, testsFailed)",
    backoffMs: standard.retry.backoffMs,
  },
  docs: "https://docs.up42.com/account/webhooks",
  // Tried just before `standard`, whose headers it sends: it is named only on a hint (looksLikeUp42).
  detectPriority: standard.detectPriority - 1,
  detect: (headers, json) => standard.detect(headers) && looksLikeUp42(headers, json),
  eventId: (headers) => headers["webhook-id"],
  eventType: (_headers, json) => stringField(json, "event") ?? stringField(json, "type"),
};
