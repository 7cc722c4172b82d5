import type { HeaderMap } from "../util/headers.js";

export type SignatureStatus = "valid" | "invalid" | "unsigned" | "unchecked";

/**
 * One captured request: a line of the store and the `request` line of `hooks listen --json`
 * (README). Fields past the documented ones are additions: `url` is the URL the sender used (and
 * Square signed), so `hooks verify --request` can check the record on its own.
 */
export interface RequestRecord {
  type: "request";
  id: string;
  receivedAt: string;
  method: string;
  /** Path and query, as sent. */
  path: string;
  url: string;
  headers: HeaderMap;
  /**
   * Only when a header holds a byte over 0x7f: how each such header's value is written in
   * `headers`, text (`utf8`, the bytes were valid UTF-8) or `base64`. Headers it does not name
   * are one character per byte (ASCII, and records from before this field, latin1).
   * src/store/header-bytes.ts turns them back into the exact bytes.
   */
  headerEncodings?: Record<string, "utf8" | "base64">;
  body: string;
  bodyEncoding: "utf8" | "base64";
  /** Size of the raw body in bytes (of the part received, for a 413). */
  bodyBytes: number;
  provider: string | null;
  eventType?: string;
  eventId?: string;
  /** `note`: the headers name another provider than the one expected (--provider, profile). */
  signature: { status: SignatureStatus; reason: string; note?: string };
  verificationCode?: string;
  /** A provider's verification handshake (src/listener/handshakes.ts), answered by hooks... */
  handshake?: "slack_url_verification" | "clover_verification";
  /** ...unless this says why not (passed to the app, invalid signature, turned off). */
  handshakeSkipped?: string;
  duplicateOf?: string;
  /** How it was answered; absent when the sender went away mid-body (`aborted`). */
  response?: { status: number; durationMs: number };
  /** The sender cut the body off: `body` is the part that came, unchecked and never answered. */
  aborted?: true;
  forward?: { url: string; status?: number; durationMs: number; error?: string };
  /**
   * With `--forward-to`: the rule that took the request (`*` for the catch-all), or null when
   * none matched and hooks answered it itself (src/listener/routes.ts).
   */
  route?: string | null;
  /** `--events`: its event type matched none of the globs; stored, not shown, not forwarded. */
  filtered?: true;
  /**
   * `listen --hold`: the app was down (or answered 5xx), so the sender was answered 202 and the
   * request waits to be redelivered (src/listener/hold-state.ts says where its outcome goes).
   */
  hold?: { status: "pending"; reason: string };
  remoteAddress?: string;
  /** Only on a `request` line of `hooks listen --json` whose store failed (answered 500). */
  stored?: false;
  storeError?: string;
}

/** The raw body bytes of a record, exactly as they arrived. */
export function recordBody(record: Pick<RequestRecord, "body" | "bodyEncoding">): Buffer {
  return Buffer.from(record.body, record.bodyEncoding === "base64" ? "base64" : "utf8");
}

/**
 * The record's JSON line. A body that escaping would blow up (control characters) is already
 * base64 (src/listener/escapes-heavily.ts), so this throws (RangeError) only for a record
 * past V8's longest string; the caller fails that one request's store, never the process.
 */
export function serializeRecord(record: RequestRecord): string {
  return JSON.stringify(record);
}
