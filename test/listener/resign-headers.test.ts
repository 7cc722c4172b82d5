import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { resignHeaders, type ResignableRecord } from "../../src/listener/resign-headers.js";
import { getProvider } from "../../src/providers/index.js";

// The one re-signing function: `hooks events replay --resign`, the inspector's replay and its curl
// command all sign through it, so it is tested here once.
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY = '{"type":"invoice.paid"}';
const standard = getProvider("standard");
const square = getProvider("square");

const captured = (extra: Partial<ResignableRecord> = {}): ResignableRecord => ({
  body: BODY,
  bodyEncoding: "utf8",
  eventId: "msg_1",
  provider: "standard",
  headers: {
    "content-type": "application/json",
    connection: "keep-alive",
    host: "127.0.0.1:4665",
    ...standard.sign({ body: Buffer.from(BODY), secret: "whsec_b2xk", id: "msg_1", timestamp: 1 }),
  },
  ...extra,
});

describe("resignHeaders", () => {
  it("replaces the signature with one made now, keeps the delivery id and end-to-end headers", () => {
    const resigned = resignHeaders(captured(), {
      secret: SECRET,
      url: "http://x/",
      now: 1_700_000_000,
    });
    expect(resigned.ok).toBe(true);
    if (!resigned.ok) return;
    expect(resigned.headers).toMatchObject({
      "content-type": "application/json",
      "webhook-id": "msg_1",
      "webhook-timestamp": "1700000000",
    });
    expect(resigned.headers).not.toHaveProperty("connection");
    expect(resigned.headers).not.toHaveProperty("host");
    const check = standard.verify({
      body: Buffer.from(BODY),
      headers: resigned.headers,
      secrets: [SECRET],
      now: 1_700_000_000,
    });
    expect(check.valid).toBe(true);
  });

  it("signs the URL the request goes to when the provider signs it (Square)", () => {
    const record = captured({ provider: "square", headers: {} });
    const resigned = resignHeaders(record, { secret: "sq", url: "https://app.example/hooks" });
    if (!resigned.ok) throw new Error(resigned.reason);
    const verify = (url: string) =>
      square.verify({ body: Buffer.from(BODY), headers: resigned.headers, secrets: ["sq"], url });
    expect(verify("https://app.example/hooks").valid).toBe(true);
    expect(verify("https://app.example/other").valid).toBe(false);
  });

  it("says why when the record cannot be signed; an unknown provider typed by the user is a usage error", () => {
    const unknown = resignHeaders(captured({ provider: null }), {
      secret: SECRET,
      url: "http://x/",
    });
    expect(unknown).toEqual({ ok: false, reason: "the provider of this request is not known" });
    const withoutUrl = resignHeaders(captured({ provider: "square" }), { secret: "sq", url: "" });
    expect(withoutUrl).toMatchObject({ ok: false, reason: expect.stringContaining("URL") });
    expect(() =>
      resignHeaders(captured(), { secret: SECRET, url: "http://x/", provider: "nope" }),
    ).toThrow(UsageError);
  });

  it("keeps the headers that name the event (GitHub's X-GitHub-Event), drops the stale SHA-1 signature", () => {
    const github = getProvider("github");
    const record: ResignableRecord = {
      body: BODY,
      bodyEncoding: "utf8",
      eventId: "d1e2",
      provider: "github",
      headers: {
        "x-github-event": "pull_request",
        "x-github-delivery": "d1e2",
        "x-hub-signature": "sha1=0000",
        "x-hub-signature-256": "sha256=0000",
      },
    };
    const resigned = resignHeaders(record, { secret: "s3cret", url: "http://x/" });
    if (!resigned.ok) throw new Error(resigned.reason);
    expect(resigned.headers).toMatchObject({
      "x-github-event": "pull_request",
      "x-github-delivery": "d1e2",
    });
    expect(resigned.headers).not.toHaveProperty("x-hub-signature");
    const check = github.verify({
      body: Buffer.from(BODY),
      headers: resigned.headers,
      secrets: ["s3cret"],
    });
    expect(check.valid).toBe(true);
  });
});
