import { describe, expect, it } from "vitest";
import { explainFailure } from "../../src/signing/explain.js";
import { github } from "../../src/providers/github.js";
import { square } from "../../src/providers/square.js";
import { standard } from "../../src/providers/standard.js";
import type { VerifyInput } from "../../src/providers/types.js";
import { OCTOKIT_PRETTY_VECTORS, SQUARE_VECTOR } from "../helpers/vectors.js";

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
  it("names a signature over the compact form of a body that was re-formatted since", () => {
    const headers = sentBy(JSON.stringify(JSON.parse(BODY)));
    expect(standard.verify(input(headers)).valid).toBe(false);
    expect(explainFailure(standard, input(headers)).matched).toMatch(
      /signature is over the compact JSON of this body .*verify the raw bytes as they arrived/,
    );
  });

  it("names square-python-sdk's re-indented body as re-formatted after signing", () => {
    // test_signature_validation_body_formatted: the receiver holds a re-indented copy.
    const { formattedBody, signature, key, url } = SQUARE_VECTOR;
    const received: VerifyInput = {
      body: Buffer.from(formattedBody),
      headers: { "x-square-hmacsha256-signature": signature },
      secrets: [key],
      url,
    };
    expect(square.verify(received).valid).toBe(false);
    expect(explainFailure(square, received).matched).toMatch(/over the compact JSON of this body/);
  });

  it.each(OCTOKIT_PRETTY_VECTORS)(
    "names an app that verified JSON.stringify(req.body) of a pretty body: octokit $name",
    ({ secret, body, sha256 }) => {
      // What a receiver checks after express.json(): the parsed body, serialised again.
      const received: VerifyInput = {
        body: Buffer.from(JSON.stringify(JSON.parse(body))),
        headers: { "x-hub-signature-256": sha256 },
        secrets: [secret],
      };
      expect(github.verify(received).valid).toBe(false);
      expect(explainFailure(github, received).matched).toBe(
        "the signature is over this body as 2-space JSON with a trailing newline, the way the sender sent it: your app verified JSON.stringify(req.body) instead of the raw bytes: use the raw body (express.raw(), not express.json())",
      );
    },
  );

  it.each([
    [2, "", "2-space JSON,"],
    [4, "", "4-space JSON,"],
    [4, "\n", "4-space JSON with a trailing newline,"],
  ] as const)(
    "names a %i-space body (newline %j) that the app compacted before verifying",
    (indent, newline, layout) => {
      const pretty = `${JSON.stringify(JSON.parse(BODY), null, indent)}${newline}`;
      const received = input(sentBy(pretty), { body: Buffer.from('{"test":2432232314}') });
      const matched = explainFailure(standard, received).matched;
      expect(matched).toContain(`as ${layout}`);
      expect(matched).toContain("your app verified JSON.stringify(req.body)");
    },
  );

  it("names a body re-indented after it was signed, neither side compact", () => {
    const pretty2 = JSON.stringify(JSON.parse(BODY), null, 2);
    const received = input(sentBy(pretty2), {
      body: Buffer.from(JSON.stringify(JSON.parse(BODY), null, 4)),
    });
    expect(explainFailure(standard, received).matched).toMatch(
      /as 2-space JSON, but this body is laid out otherwise: it was re-formatted after it was signed/,
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

  it("names a sender that used a secret without whsec_ as text instead of decoding it", () => {
    const bare = SECRET.slice("whsec_".length);
    const headers = sentBy(BODY, Buffer.from(bare));
    const result = explainFailure(standard, input(headers, { secrets: [bare] }));
    expect(result.matched).toBe("the sender used the secret as text, without base64-decoding it");
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
