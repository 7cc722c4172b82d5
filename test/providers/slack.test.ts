import { describe, expect, it } from "vitest";
import { slack } from "../../src/providers/slack.js";
import type { VerifyInput } from "../../src/providers/types.js";

/** The tolerance Slack's documented 5 minutes; written out here so that a changed default fails a test. */
const SLACK_TOLERANCE_SEC = 300;

// Official vector from slackapi/python-slack-sdk, tests/slack_sdk/signature/test_signature_verifier.py
// (taken from https://docs.slack.dev/authentication/verifying-requests-from-slack/).
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const TIMESTAMP = 1531420618;
const SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
const HEADERS = {
  "x-slack-request-timestamp": String(TIMESTAMP),
  "x-slack-signature": SIGNATURE,
};

function input(overrides: Partial<VerifyInput> = {}): VerifyInput {
  // The SDK test's MockClock returns the request's own timestamp.
  return {
    body: Buffer.from(BODY),
    headers: HEADERS,
    secrets: [SECRET],
    now: TIMESTAMP,
    ...overrides,
  };
}

describe("slack provider", () => {
  it("signs the official vector (test_generate_signature)", () => {
    expect(slack.sign({ body: Buffer.from(BODY), secret: SECRET, timestamp: TIMESTAMP })).toEqual({
      "X-Slack-Request-Timestamp": String(TIMESTAMP),
      "X-Slack-Signature": SIGNATURE,
    });
  });

  it("verifies the official vector (test_is_valid_request)", () => {
    expect(slack.verify(input())).toMatchObject({ valid: true });
  });

  it("rejects a modified body (test_is_valid_request_invalid_body) and a wrong secret", () => {
    expect(slack.verify(input({ body: Buffer.from(`${BODY}------`) }))).toMatchObject({
      valid: false,
      code: "no_match",
    });
    expect(slack.verify(input({ secrets: ["another-signing-secret"] }))).toMatchObject({
      valid: false,
      code: "no_match",
    });
  });

  it("accepts the second secret during key rotation", () => {
    expect(slack.verify(input({ secrets: ["old-secret", SECRET] })).valid).toBe(true);
  });

  it("rejects stale and future timestamps (test_is_valid_request_expiration)", () => {
    expect(slack.verify(input({ now: TIMESTAMP + SLACK_TOLERANCE_SEC + 1 }))).toMatchObject({
      valid: false,
      code: "timestamp_too_old",
    });
    expect(slack.verify(input({ now: TIMESTAMP - SLACK_TOLERANCE_SEC - 1 }))).toMatchObject({
      valid: false,
      code: "timestamp_too_new",
    });
    expect(slack.verify(input({ now: TIMESTAMP + SLACK_TOLERANCE_SEC })).valid).toBe(true);
  });

  it("names whichever header is missing", () => {
    expect(slack.verify(input({ headers: { "x-slack-signature": SIGNATURE } }))).toMatchObject({
      code: "missing_header",
      reason: "missing x-slack-request-timestamp header",
    });
    expect(
      slack.verify(input({ headers: { "x-slack-request-timestamp": String(TIMESTAMP) } })),
    ).toMatchObject({ code: "missing_header", reason: "missing x-slack-signature header" });
  });

  it("calls a bad timestamp or signature format malformed", () => {
    for (const headers of [
      { ...HEADERS, "x-slack-request-timestamp": "noon" },
      { ...HEADERS, "x-slack-signature": SIGNATURE.slice(3) },
      { ...HEADERS, "x-slack-signature": "v1=abc" },
    ]) {
      expect(slack.verify(input({ headers }))).toMatchObject({ code: "malformed_header" });
    }
  });

  it("adds Slack's retry headers on a redelivery", () => {
    expect(slack.retryHeaders?.(1, "http_timeout")).toEqual({
      "X-Slack-Retry-Num": "1",
      "X-Slack-Retry-Reason": "http_timeout",
    });
    expect(slack.retryHeaders?.(2, "connection_error")).toMatchObject({
      "X-Slack-Retry-Reason": "connection_failed",
    });
  });

  it("detects Slack and reads event_id and the inner event type", () => {
    expect(slack.detect(HEADERS)).toBe(true);
    const callback = {
      type: "event_callback",
      event_id: "Ev08MFMKH6",
      event: { type: "app_mention" },
    };
    expect(slack.eventId(HEADERS, callback)).toBe("Ev08MFMKH6");
    expect(slack.eventType(HEADERS, callback)).toBe("app_mention");
    expect(slack.eventType(HEADERS, { type: "url_verification" })).toBe("url_verification");
    expect(slack.eventType(HEADERS, undefined)).toBeUndefined();
  });
});
