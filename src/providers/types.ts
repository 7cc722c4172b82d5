import type { HeaderMap } from "../util/headers.js";

export type { HeaderMap };

/**
 * A secret as the user gave it (a string, used the provider's way), or exact key bytes (a Buffer,
 * used as they are; `hooks verify --explain` uses this to try the usual key-handling mistakes).
 */
export type Secret = string | Buffer;

export interface SignInput {
  /** The raw body, exactly as it goes on the wire; never re-serialised. */
  body: Buffer;
  secret: Secret;
  /** Notification URL (Square signs it together with the body). */
  url?: string | undefined;
  /** Message/delivery id, where the scheme carries one (Standard Webhooks `webhook-id`). */
  id?: string | undefined;
  /** Unix seconds; defaults to now. */
  timestamp?: number | undefined;
}

export interface VerifyInput {
  body: Buffer;
  /** Lower-case header names. */
  headers: HeaderMap;
  /** Several secrets are accepted during key rotation; any one matching is enough. */
  secrets: readonly Secret[];
  url?: string | undefined;
  /** Verify as of this instant (Unix seconds); defaults to now. */
  now?: number | undefined;
  /** Overrides the provider's tolerance window, in seconds. */
  toleranceSec?: number | undefined;
}

/** Why a signature did not verify; a mismatch is a result, never an exception. */
type VerifyFailure =
  | "missing_header"
  | "malformed_header"
  | "timestamp_too_old"
  | "timestamp_too_new"
  | "no_match"
  | "missing_url"
  /** The signed headers hold, but the body is not the one their content-digest names (UP42). */
  | "body_digest_mismatch";

export type VerifyResult =
  { valid: true; reason: string } | { valid: false; code: VerifyFailure; reason: string };

/** Why a delivery failed, in Square's retry-reason vocabulary (used by every provider here). */
export type FailureReason = "http_error" | "http_timeout" | "connection_error" | "ssl_error";

interface RetryPolicy {
  /** How the real provider retries, for `hooks providers show`. */
  description: string;
  /** Delays before each retry `hooks send --retries` makes (ms); the last one repeats. */
  backoffMs: readonly number[];
}

export interface Provider {
  id: string;
  name: string;
  /** Signature headers, in their canonical spelling, main one first. */
  signatureHeaders: readonly string[];
  /** Lower-case name of the header `--signature` stands for. */
  signatureHeader: string;
  algorithm: string;
  signedBytes: string;
  /** How the secret is used (e.g. `whsec_` prefix base64-decoded). */
  secretFormat: string;
  /** Timestamp tolerance in seconds, or null when the scheme has no timestamp. */
  toleranceSec: number | null;
  /** Delivery limit: a response later than this is a failure (ms). */
  timeoutMs: number;
  retry: RetryPolicy;
  /** False when the signature does not cover the body (Clover's static auth code). */
  signsBody: boolean;
  /** True when the notification URL is part of the signed bytes (Square). */
  signsUrl: boolean;
  /** Where the provider documents its scheme. */
  docs: string;

  sign(input: SignInput): HeaderMap;
  verify(input: VerifyInput): VerifyResult;
  /**
   * Where detect() is tried, lowest first (ties in table order): providers with headers of their
   * own come before those whose scheme others send too (Standard Webhooks last).
   */
  detectPriority: number;
  /** True when the headers (and the parsed body, when given) look like this provider's delivery. */
  detect(headers: HeaderMap, json?: unknown): boolean;
  /** The id a redelivery repeats (for duplicate detection), when the request carries one. */
  eventId(headers: HeaderMap, json: unknown): string | undefined;
  /** The event type of a delivery, for display (`payment.created`, `O.CREATE`, …). */
  eventType(headers: HeaderMap, json: unknown): string | undefined;
  /** Extra headers on a redelivery (`square-retry-number`, `X-Slack-Retry-Num`, …). */
  retryHeaders?(attempt: number, reason: FailureReason): HeaderMap;
}

/** JSON-safe summary of a provider, as `hooks providers show --json` prints it. */
export interface ProviderSummary {
  id: string;
  name: string;
  signatureHeaders: readonly string[];
  algorithm: string;
  signedBytes: string;
  secretFormat: string;
  toleranceSec: number | null;
  timeoutMs: number;
  retry: { description: string; backoffMs: readonly number[] };
  docs: string;
  events: { name: string; description: string }[];
}
