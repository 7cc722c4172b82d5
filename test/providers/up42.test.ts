import { describe, expect, it } from "vitest";
import { standard } from "../../src/providers/standard.js";
import { looksLikeUp42, up42 } from "../../src/providers/up42.js";

// UP42 does not publish its signature scheme; the contract takes it as Standard Webhooks. The
// secret is the sample of UP42's "Create a webhook" request body.
const SECRET = "QWZTFnMEXhqZKNmu";
const BODY = Buffer.from(
  '{"event":"order.status","body":{"orderId":"a1b2","status":"FULFILLED"},"timestamp":"2022-02-18T15:12:18Z"}',
);

describe("up42 provider", () => {
  it("signs and verifies exactly as Standard Webhooks does", () => {
    const signed = up42.sign({ body: BODY, secret: SECRET, id: "msg_1", timestamp: 1645197138 });
    expect(signed).toEqual(
      standard.sign({ body: BODY, secret: SECRET, id: "msg_1", timestamp: 1645197138 }),
    );
    expect(
      up42.verify({ body: BODY, headers: signed, secrets: [SECRET], now: 1645197138 }),
    ).toMatchObject({ valid: true });
    expect(
      up42.verify({ body: BODY, headers: signed, secrets: ["otherkey"], now: 1645197138 }),
    ).toMatchObject({ code: "no_match" });
  });

  it("shares standard's delivery limit and tolerance but has its own id and docs", () => {
    expect(up42.id).toBe("up42");
    expect(up42.timeoutMs).toBe(standard.timeoutMs);
    expect(up42.toleranceSec).toBe(standard.toleranceSec);
    expect(up42.docs).not.toBe(standard.docs);
  });

  it("reads the event name from `event`, else `type`", () => {
    expect(up42.eventType({}, JSON.parse(BODY.toString()))).toBe("order.status");
    expect(up42.eventType({}, { type: "job.status" })).toBe("job.status");
    expect(up42.eventId({ "webhook-id": "msg_1" }, undefined)).toBe("msg_1");
  });

  it("is recognised only on a clear hint: its user agent or its own event names", () => {
    const headers = { "webhook-id": "m", "webhook-timestamp": "1", "webhook-signature": "v1,x" };
    expect(up42.detect(headers)).toBe(false);
    expect(up42.detect({ ...headers, "user-agent": "UP42-Webhooks/1.0" })).toBe(true);
    expect(looksLikeUp42(headers, { event: "job.status" })).toBe(true);
    expect(looksLikeUp42(headers, { type: "invoice.paid" })).toBe(false);
    expect(looksLikeUp42({ "user-agent": "Svix-Webhooks/1.24" }, undefined)).toBe(false);
  });
});
