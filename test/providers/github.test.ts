import { describe, expect, it } from "vitest";
import { github } from "../../src/providers/github.js";
import type { VerifyInput } from "../../src/providers/types.js";
import { OCTOKIT_PRETTY_VECTORS } from "../helpers/vectors.js";

// Official vector from GitHub's docs: github/docs,
// content/webhooks/using-webhooks/validating-webhook-deliveries.md ("Testing the webhook payload validation").
const DOCS_SECRET = "It's a Secret to Everybody";
const DOCS_BODY = "Hello, World!";
const DOCS_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

// Vectors from octokit/webhooks-methods.js, test/verify.test.ts and test/sign.test.ts.
const OCTOKIT_SECRET = "mysecret";
const OCTOKIT_BODY = JSON.stringify({ foo: "bar" });
const OCTOKIT_SIGNATURE = "sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3";
// The same file, "eventPayload contains special characters (#71)": GitHub sends JSON escapes
// with upper-case hex digits (toNormalizedJsonString in test/common.ts).
const SPECIAL_BODY = '{"foo":"Foo\\n\\u001B[34mbar: ♥♥♥♥♥♥♥♥\\nthis-is-lost\\u001B[0m\\u001B[2K"}';
const SPECIAL_SIGNATURE = "sha256=afecc3caa27548bb90d51a50384cb2868b9a3327b4ad6a01c9bd4ed0f8b0b12c";

function input(
  body: string,
  headers: Record<string, string>,
  secrets: VerifyInput["secrets"] = [DOCS_SECRET],
): VerifyInput {
  return { body: Buffer.from(body), headers, secrets };
}

describe("github provider", () => {
  it("signs GitHub's documented vector", () => {
    expect(github.sign({ body: Buffer.from(DOCS_BODY), secret: DOCS_SECRET })).toEqual({
      "X-Hub-Signature-256": DOCS_SIGNATURE,
    });
    expect(github.sign({ body: Buffer.from(OCTOKIT_BODY), secret: OCTOKIT_SECRET })).toEqual({
      "X-Hub-Signature-256": OCTOKIT_SIGNATURE,
    });
  });

  it("adds X-GitHub-Delivery when given an id", () => {
    const headers = github.sign({ body: Buffer.from(DOCS_BODY), secret: DOCS_SECRET, id: "d-1" });
    expect(headers["X-GitHub-Delivery"]).toBe("d-1");
  });

  it("verifies the official vectors", () => {
    expect(
      github.verify(input(DOCS_BODY, { "x-hub-signature-256": DOCS_SIGNATURE })),
    ).toMatchObject({ valid: true });
    expect(
      github.verify(
        input(OCTOKIT_BODY, { "x-hub-signature-256": OCTOKIT_SIGNATURE }, [OCTOKIT_SECRET]),
      ),
    ).toMatchObject({ valid: true });
    expect(
      github.verify(
        input(SPECIAL_BODY, { "x-hub-signature-256": SPECIAL_SIGNATURE }, ["development"]),
      ),
    ).toMatchObject({ valid: true });
  });

  it.each(OCTOKIT_PRETTY_VECTORS)(
    "signs and verifies octokit's pretty-printed body with its trailing newline: $name",
    ({ secret, body, sha256, sha1 }) => {
      expect(github.sign({ body: Buffer.from(body), secret })).toEqual({
        "X-Hub-Signature-256": sha256,
      });
      expect(github.verify(input(body, { "x-hub-signature-256": sha256 }, [secret]))).toMatchObject(
        { valid: true },
      );
      expect(github.verify(input(body, { "x-hub-signature": sha1 }, [secret]))).toMatchObject({
        valid: true,
        reason: "sha1 signature matched",
      });
      // The same JSON without the layout it was signed in is another message.
      const compact = JSON.stringify(JSON.parse(body));
      expect(github.verify(input(compact, { "x-hub-signature-256": sha256 }, [secret])).valid).toBe(
        false,
      );
    },
  );

  it("rejects a tampered body and a wrong secret", () => {
    const headers = { "x-hub-signature-256": DOCS_SIGNATURE };
    expect(github.verify(input("Hello, World?", headers))).toMatchObject({
      valid: false,
      code: "no_match",
    });
    expect(github.verify(input(DOCS_BODY, headers, ["foo"]))).toMatchObject({
      valid: false,
      code: "no_match",
    });
  });

  it("accepts the second secret during key rotation", () => {
    const result = github.verify(
      input(OCTOKIT_BODY, { "x-hub-signature-256": OCTOKIT_SIGNATURE }, ["foo", OCTOKIT_SECRET]),
    );
    expect(result.valid).toBe(true);
  });

  it("names the missing header", () => {
    expect(github.verify(input(DOCS_BODY, {}))).toMatchObject({
      valid: false,
      code: "missing_header",
      reason: expect.stringContaining("x-hub-signature-256") as string,
    });
  });

  it("calls a header without sha256=<hex> malformed", () => {
    for (const bad of ["foo", DOCS_SIGNATURE.slice("sha256=".length), "sha256=abc"]) {
      expect(github.verify(input(DOCS_BODY, { "x-hub-signature-256": bad }))).toMatchObject({
        valid: false,
        code: "malformed_header",
      });
    }
  });

  it("falls back to the legacy sha1 header only when the sha256 one is absent", () => {
    const sha1 = `sha1=${"d03207e4b030cf234e3447bac4d93add4c6643d8"}`;
    // octokit/webhooks-methods.js README: sign({ secret: "mysecret", algorithm: "sha1" }, payload).
    expect(
      github.verify(input(OCTOKIT_BODY, { "x-hub-signature": sha1 }, [OCTOKIT_SECRET])),
    ).toMatchObject({ valid: true, reason: "sha1 signature matched" });
    const both = { "x-hub-signature": sha1, "x-hub-signature-256": `sha256=${"0".repeat(64)}` };
    expect(github.verify(input(OCTOKIT_BODY, both, [OCTOKIT_SECRET])).valid).toBe(false);
  });

  it("detects GitHub deliveries and reads their id and event", () => {
    const headers = {
      "x-hub-signature-256": DOCS_SIGNATURE,
      "x-github-event": "issues",
      "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
    };
    expect(github.detect(headers)).toBe(true);
    expect(github.detect({ "stripe-signature": "t=1,v1=00" })).toBe(false);
    expect(github.eventId(headers, undefined)).toBe("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    expect(github.eventType(headers, { action: "opened" })).toBe("issues.opened");
    expect(github.eventType({ ...headers, "x-github-event": "push" }, { ref: "main" })).toBe(
      "push",
    );
  });
});
