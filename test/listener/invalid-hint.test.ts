import { describe, expect, it } from "vitest";
import { standard } from "../../src/providers/standard.js";
import type { VerifyInput } from "../../src/providers/types.js";
import {
  MAX_HINT_BODY,
  MAX_HINTS_PER_SECOND,
  invalidHint,
} from "../../src/listener/invalid-hint.js";

// Secret, id and time from standard-webhooks/standard-webhooks,
// libraries/javascript/src/index.test.ts.
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const TIMESTAMP = 1614265330;

/** A body signed with a trailing newline that arrived without it. */
function received(body: string): VerifyInput {
  const headers = standard.sign({
    body: Buffer.from(`${body}\n`),
    secret: SECRET,
    id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
    timestamp: TIMESTAMP,
  });
  return { body: Buffer.from(body), headers, secrets: [SECRET], now: TIMESTAMP };
}

describe("invalidHint", () => {
  it("names the mistake in a few words", () => {
    expect(invalidHint(standard, received('{"a":1}'), 1)).toBe(
      "trailing newline differs: the body was signed with one",
    );
  });

  it("gives none for a body over the size cap, though a mistake would match", () => {
    const big = `{"a":"${"x".repeat(MAX_HINT_BODY)}"}`;
    expect(invalidHint(standard, received(big), 2)).toBeUndefined();
  });

  it("gives at most MAX_HINTS_PER_SECOND a second, and again in the next second", () => {
    const input = received('{"b":2}');
    const hints = Array.from({ length: MAX_HINTS_PER_SECOND + 5 }, () =>
      invalidHint(standard, input, 3),
    );
    expect(hints.filter(Boolean)).toHaveLength(MAX_HINTS_PER_SECOND);
    expect(hints.at(-1)).toBeUndefined();
    expect(invalidHint(standard, input, 4)).toMatch(/trailing newline differs/);
  });
});
