import { describe, expect, it } from "vitest";
import { explainFailure } from "../../src/signing/explain.js";
import { standard } from "../../src/providers/standard.js";
import type { VerifyInput } from "../../src/providers/types.js";

// Vector from standard-webhooks/standard-webhooks, libraries/javascript/src/index.test.ts.
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP = 1614265330;
const BODY = '{"test": 2432232314}';

/** Headers as a sender that made `mistake` would have produced them. */
function sentBy(body: string, secret: string | Buffer = SECRET): VerifyInput["headers"] {
  return standard.sign({ body: Buffer.from(body), secret, id: ID, timestamp: TIMESTAMP });
}

function input(headers: VerifyInput["headers"], overrides: Partial<VerifyInput> = {}): VerifyInput {
  return { body: Buffer.from(BODY), headers, secrets: [SECRET], now: TIMESTAMP, ...overrides };
}

describe("explainFailure", () => {
  it("names a signature made over the re-serialised body", () => {
    const headers = sentBy(JSON.stringify(JSON.parse(BODY)));
    expect(standard.verify(input(headers)).valid).toBe(false);
    expect(explainFailure(standard, input(headers)).matched).toMatch(
      /re-serialised as compact JSON/,
    );
  });

  it("names a trailing newline the receiver kept", () => {
    const headers = sentBy(BODY);
    const received = input(headers, { body: Buffer.from(`${BODY}\n`) });
    expect(explainFailure(standard, received).matched).toMatch(/without its trailing newline/);
  });

  it("names a whsec_ secret that the sender did not base64-decode", () => {
    const headers = sentBy(BODY, Buffer.from(SECRET));
    expect(explainFailure(standard, input(headers)).matched).toMatch(/without base64-decoding/);
  });

  it("names a timestamp outside the window when the signature itself is right", () => {
    const result = explainFailure(standard, input(sentBy(BODY), { now: TIMESTAMP + 3600 }));
    expect(result.matched).toMatch(/outside the tolerance/);
  });

  it("says nothing matched for a plain wrong secret", () => {
    const headers = sentBy(BODY, "whsec_" + Buffer.from("another key entirely").toString("base64"));
    const result = explainFailure(standard, input(headers));
    expect(result.matched).toBeNull();
    expect(result.tried).toBeGreaterThan(5);
  });
});
