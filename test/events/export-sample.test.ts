import { describe, expect, it } from "vitest";
import { exportSample, sampleFileName } from "../../src/events/export-sample.js";
import { expandCatalog } from "../../src/providers/catalog.js";
import { getProvider } from "../../src/providers/index.js";
import { parseSampleFile } from "../../src/sender/sample-dir.js";
import { compileEvent } from "../../src/sender/samples.js";
import type { Notification } from "../../src/sender/types.js";
import type { RequestRecord } from "../../src/store/event-store-record.js";
import { capturedRecord } from "../helpers/captured-record.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const AT = "2026-03-04T05:06:07.890Z";
const AT_MS = Date.parse(AT);
const AT_UNIX = Math.floor(AT_MS / 1000);

/** The exported file, through the validator `send --samples` uses, built at the capture time. */
function roundTrip(
  record: RequestRecord,
  secrets: string[] = [],
): {
  text: string;
  notification: Notification;
} {
  const provider = getProvider(record.provider ?? "standard");
  const { file } = exportSample(record, { secrets, provider });
  const text = JSON.stringify(file, null, 2);
  const parsed = parseSampleFile("x.json", text);
  expect(parsed.provider.id).toBe(provider.id);
  const [event] = expandCatalog(file).events;
  const factory = compileEvent(event!, { overrides: [], userHeaders: {} });
  return { text, notification: factory.build(AT_MS, 1, 0) };
}

function stripeRecord(fields: Partial<RequestRecord> = {}): RequestRecord {
  const body = JSON.stringify(
    {
      id: "evt_1NfQ2aLkdIwHu7ix3ZpQ0abc",
      object: "event",
      created: AT_UNIX,
      data: {
        object: {
          id: "pi_3NfQ2aLkdIwHu7ix0GmXyZ12",
          created: 1_700_000_000,
          updated_at: "2026-03-04T05:06:07Z",
          note: "see evt_1NfQ2aLkdIwHu7ix3ZpQ0abc",
        },
      },
      type: "payment_intent.succeeded",
    },
    null,
    2,
  );
  return capturedRecord({
    id: "req_mwv0c1x2ab12cd",
    receivedAt: AT,
    provider: "stripe",
    eventType: "payment_intent.succeeded",
    eventId: "evt_1NfQ2aLkdIwHu7ix3ZpQ0abc",
    body,
    headers: {
      host: "abc.trycloudflare.com",
      "content-type": "application/json; charset=utf-8",
      "content-length": String(body.length),
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      "stripe-signature": `t=${AT_UNIX},v1=${"a".repeat(64)}`,
      "cf-ray": "8a1b2c3d4e5f-AMS",
      "cf-connecting-ip": "203.0.113.9",
      "x-forwarded-for": "203.0.113.9",
      "x-forwarded-proto": "https",
      "accept-encoding": "gzip",
      connection: "keep-alive",
      authorization: "Bearer tok_live_should_not_leak",
      cookie: "session=should_not_leak",
      "x-app-note": `key ${SECRET}`,
    },
    ...fields,
  });
}

describe("events export: a capture as a sample file", () => {
  it("keeps a JSON body as JSON in its layout, the event id and send times as placeholders", () => {
    const record = stripeRecord();
    const { file, fileName } = exportSample(record, {
      secrets: [],
      provider: getProvider("stripe"),
    });
    const [event] = file.events as unknown as [Record<string, unknown>];
    expect(fileName).toBe("stripe-payment_intent.succeeded-ab12cd.json");
    expect(event.indent).toBe(2);
    expect(event.id).toBe("evt_{{eventId=b62:24}}");
    const body = event.body as {
      id: string;
      created: unknown;
      data: { object: Record<string, unknown> };
    };
    expect(body.id).toBe("evt_{{eventId}}");
    expect(body.created).toBe("{{now:unix}}");
    // Times far from the capture are data: kept.
    expect(body.data.object.created).toBe(1_700_000_000);
    expect(body.data.object.updated_at).toBe("{{now:iso0}}");
    // The same value everywhere is the same placeholder, defined once.
    expect(body.data.object.note).toBe("see evt_{{eventId}}");
    expect(JSON.stringify(file).match(/eventId=/g)).toHaveLength(1);
    expect(body.data.object.id).toBe("pi_3NfQ2aLkdIwHu7ix0GmXyZ12");
  });

  it("drops signatures, credentials, hop-by-hop and tunnel headers, and masks known secrets", () => {
    const { text } = roundTrip(stripeRecord(), [SECRET]);
    const headers = Object.keys(
      (JSON.parse(text) as { events: [{ headers: Record<string, string> }] }).events[0].headers,
    );
    expect(headers.sort()).toEqual(["content-type", "user-agent", "x-app-note"]);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("should_not_leak");
    expect(text).toContain("whsec_Mf…aSw");
  });

  it("round trip: the sample sends the captured body, fresh id and send time apart", () => {
    const record = stripeRecord({ headers: { "content-type": "application/json" } });
    const { notification } = roundTrip(record);
    const fresh = notification.id;
    expect(fresh).toMatch(/^evt_[A-Za-z0-9]{24}$/);
    expect(fresh).not.toBe(record.eventId);
    // Built at the capture's own second: putting the old id back gives the captured bytes.
    const sent = notification.body.toString().split(fresh).join(record.eventId!);
    expect(sent).toBe(record.body);
  });

  it("github: the event header stays, the delivery header is the event id's placeholder", () => {
    const delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
    const record = capturedRecord({
      id: "req_gh0001",
      receivedAt: AT,
      provider: "github",
      eventType: "ping",
      eventId: delivery,
      body: '{"zen":"Design for failure.","hook_id":123}',
      headers: {
        "content-type": "application/json",
        "x-github-event": "ping",
        "x-github-delivery": delivery,
        "x-github-hook-id": "123",
        "x-hub-signature-256": `sha256=${"b".repeat(64)}`,
        "x-hub-signature": `sha1=${"c".repeat(40)}`,
      },
    });
    const { text, notification } = roundTrip(record);
    const headers = (JSON.parse(text) as { events: [{ headers: Record<string, string> }] })
      .events[0].headers;
    expect(headers["x-github-event"]).toBe("ping");
    expect(headers["x-github-delivery"]).toMatch(/^\{\{eventId(=uuid)?\}\}$/);
    expect(headers).not.toHaveProperty("x-hub-signature-256");
    expect(headers).not.toHaveProperty("x-hub-signature");
    expect(notification.headers["x-github-delivery"]).toBe(notification.id);
    expect(notification.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(notification.body.toString()).toBe(record.body);
  });

  it("a form body is rawBody, its times as placeholders, sent byte for byte", () => {
    const body = `token=abc&team_id=T0001&command=%2Fweather&text=94070&ts=${AT_UNIX}&old=1600000000`;
    const record = capturedRecord({
      id: "req_form01",
      receivedAt: AT,
      provider: "slack",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const { text, notification } = roundTrip(record);
    const event = (JSON.parse(text) as { events: [Record<string, unknown>] }).events[0];
    expect(event.rawBody).toBe(body.replace(String(AT_UNIX), "{{now:unix}}"));
    expect(event).not.toHaveProperty("body");
    expect(notification.body.toString()).toBe(body);
    expect(notification.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("JSON in a layout JSON.stringify does not make is rawBody, so the signed bytes stay the same", () => {
    const body = `{ "id": "evt_1NfQ2aLkdIwHu7ix3ZpQ0abc", "amount": 1.50, "created": ${AT_UNIX} }`;
    const record = stripeRecord({ body, headers: { "content-type": "application/json" } });
    const { text, notification } = roundTrip(record);
    expect(text).toContain('"rawBody"');
    const sent = notification.body.toString().split(notification.id).join(record.eventId!);
    expect(sent).toBe(body);
  });

  it("a body that is not UTF-8, or that holds {{, is kept exact as bodyBase64", () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x80]);
    const binary = capturedRecord({
      id: "req_bin001",
      receivedAt: AT,
      provider: "standard",
      body: bytes.toString("base64"),
      bodyEncoding: "base64",
      headers: { "content-type": "application/octet-stream" },
    });
    expect(roundTrip(binary).notification.body.equals(bytes)).toBe(true);
    const braces = capturedRecord({
      id: "req_brc001",
      receivedAt: AT,
      provider: "standard",
      body: '{"template":"Hello {{name}}"}',
    });
    const { text, notification } = roundTrip(braces);
    expect(text).toContain('"bodyBase64"');
    expect(notification.body.toString()).toBe(braces.body);
  });

  it("a secret inside a base64 body is masked in the bytes", () => {
    const bytes = Buffer.concat([Buffer.from([0xff]), Buffer.from(` ${SECRET} `)]);
    const record = capturedRecord({
      id: "req_bin002",
      receivedAt: AT,
      provider: "standard",
      body: bytes.toString("base64"),
      bodyEncoding: "base64",
    });
    const { notification } = roundTrip(record, [SECRET]);
    expect(notification.body.includes(SECRET)).toBe(false);
    expect(notification.body.includes("whsec_Mf…aSw")).toBe(true);
  });

  it("names files with safe characters only", () => {
    expect(sampleFileName("github", "../../etc/passwd push", "req_x/../abcdef")).toBe(
      "github-etc-passwd-push-abcdef.json",
    );
  });
});

describe("send --samples: a bad sample file is a one-line error naming it", () => {
  const cases: [string, string, RegExp][] = [
    ["not JSON", "{", /^bad\.json: not JSON/],
    [
      "unknown provider",
      '{"provider":"nope","events":[]}',
      /^bad\.json: "provider" must be one of .*stripe/,
    ],
    [
      "no events",
      '{"provider":"stripe","events":[]}',
      /^bad\.json: "events" must be a non-empty array$/,
    ],
    [
      "unknown placeholder",
      '{"provider":"stripe","events":[{"name":"a","description":"","body":{"id":"{{nope}}"}}]}',
      /^bad\.json: unknown placeholder \{\{nope\}\} in sample a/,
    ],
    [
      "two bodies",
      '{"provider":"stripe","events":[{"name":"a","body":{},"rawBody":"x"}]}',
      /^bad\.json: events\[0\] \(a\): give one of body, rawBody, not several$/,
    ],
    [
      "headers not strings",
      '{"provider":"stripe","events":[{"name":"a","headers":{"x":1}}]}',
      /^bad\.json: events\[0\] \(a\): "headers" must be an object of strings$/,
    ],
  ];
  for (const [what, text, message] of cases) {
    it(what, () => {
      expect(() => parseSampleFile("bad.json", text)).toThrow(message);
    });
  }
});
