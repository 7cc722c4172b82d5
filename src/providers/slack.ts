import { hmac, unixNow } from "../util/crypto.js";
import { stringField } from "../util/json.js";
import {
  checkTimestamp,
  malformedHeader,
  matchAny,
  missingHeader,
  parseUnixSeconds,
} from "./verify-result.js";
import type {
  FailureReason,
  HeaderMap,
  Provider,
  Secret,
  SignInput,
  VerifyInput,
  VerifyResult,
} from "./types.js";

/** https://api.slack.com/authentication/verifying-requests-from-slack */
const SLACK_TOLERANCE_SEC = 300;
const SIGNATURE = "x-slack-signature";
const TIMESTAMP = "x-slack-request-timestamp";

function slackSignature(secret: Secret, timestamp: number, body: Buffer): string {
  return `v0=${hmac("sha256", secret, `v0:${timestamp}:`, body).toString("hex")}`;
}

function signSlack(input: SignInput): HeaderMap {
  const timestamp = input.timestamp ?? unixNow();
  return {
    "X-Slack-Request-Timestamp": String(timestamp),
    "X-Slack-Signature": slackSignature(input.secret, timestamp, input.body),
  };
}

function verifySlack(input: VerifyInput): VerifyResult {
  const signature = input.headers[SIGNATURE]?.trim().toLowerCase();
  const timestampHeader = input.headers[TIMESTAMP];
  if (signature === undefined) return missingHeader(SIGNATURE);
  if (timestampHeader === undefined) return missingHeader(TIMESTAMP);
  const timestamp = parseUnixSeconds(timestampHeader);
  if (timestamp === undefined) {
    return malformedHeader(TIMESTAMP, `"${timestampHeader}" is not Unix seconds`);
  }
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) {
    return malformedHeader(SIGNATURE, 'expected "v0=<64 hex digits>"');
  }
  const stale = checkTimestamp(timestamp, input, SLACK_TOLERANCE_SEC);
  if (stale) return stale;
  return matchAny(
    [signature],
    input.secrets,
    (secret) => slackSignature(secret, timestamp, input.body),
    "v0 signature",
  );
}

/** Slack's X-Slack-Retry-Reason vocabulary. */
const RETRY_REASON: Record<FailureReason, string> = {
  http_error: "http_error",
  http_timeout: "http_timeout",
  ssl_error: "ssl_error",
  connection_error: "connection_failed",
};

/** `event.channel_type` of a message event -> its Events API subscription name. */
const MESSAGE_SUBSCRIPTIONS = new Map([
  ["channel", "message.channels"],
  ["group", "message.groups"],
  ["im", "message.im"],
  ["mpim", "message.mpim"],
]);

export const slack: Provider = {
  id: "slack",
  name: "Slack",
  signatureHeaders: ["X-Slack-Signature", "X-Slack-Request-Timestamp"],
  signatureHeader: SIGNATURE,
  algorithm: "HMAC-SHA256, hex, `v0=<hex>`",
  signedBytes: "v0:{X-Slack-Request-Timestamp}:{raw body}",
  secretFormat: "the app's signing secret as text",
  toleranceSec: SLACK_TOLERANCE_SEC,
  // Events API: "respond to events with an HTTP 200 OK as soon as you can … within 3 seconds".
  timeoutMs: 3_000,
  retry: {
    description:
      "Events API retries up to 3 times (nearly at once, after 1 minute, after 5 minutes) with X-Slack-Retry-Num and X-Slack-Retry-Reason; each retry keeps the body's event_id and is signed afresh",
    backoffMs: [200, 400, 800],
  },
  signsBody: true,
  signsUrl: false,
  docs: "https://api.slack.com/authentication/verifying-requests-from-slack",
  sign: signSlack,
  verify: verifySlack,
  detectPriority: 50,
  detect: (headers) => SIGNATURE in headers || TIMESTAMP in headers,
  eventId: (_headers, json) => stringField(json, "event_id"),
  eventType: (_headers, json) => {
    const type = stringField(json, "event.type") ?? stringField(json, "type");
    // Slack names a message event by where it was posted, as the app subscribes to it
    // (`message.channels`, `message.im`): the fuller name, the one `hooks send --event` takes.
    const where = type === "message" ? stringField(json, "event.channel_type") : undefined;
    const subscription = where === undefined ? undefined : MESSAGE_SUBSCRIPTIONS.get(where);
    return subscription ?? type;
  },
  retryHeaders: (attempt, reason) => ({
    "X-Slack-Retry-Num": String(attempt),
    "X-Slack-Retry-Reason": RETRY_REASON[reason],
  }),
};
