import type { RequestRecord } from "../../src/store/event-store-record.js";

/**
 * A captured request as the store holds it (one line of the store, what `hooks events show --json`
 * prints): a JSON body posted to `/`, unsigned, answered 200; `fields` say what a test needs.
 */
export function capturedRecord(fields: Partial<RequestRecord> & { id: string }): RequestRecord {
  const body = fields.body ?? "{}";
  const encoding = fields.bodyEncoding ?? "utf8";
  return {
    type: "request",
    receivedAt: "2026-01-01T00:00:00.000Z",
    method: "POST",
    path: "/",
    url: "http://127.0.0.1/",
    headers: { "content-type": "application/json" },
    body,
    bodyEncoding: encoding,
    bodyBytes: Buffer.byteLength(body, encoding),
    provider: null,
    signature: { status: "unsigned", reason: "none" },
    response: { status: 200, durationMs: 1 },
    ...fields,
  };
}
