import { CheckFailed } from "../errors.js";
import { redact } from "../util/secrets.js";
import { providerError } from "./api-error.js";
import type { ApiResponse } from "./api-http.js";
import type { EventType, Subscription } from "./types.js";

// What the Square Webhook Subscriptions API sends, and how it becomes hooks' words. The client's
// calls are in square-api.ts; this file only reads answers.

/** The Webhook Subscriptions API's `WebhookSubscription`. */
export interface SquareSubscription {
  id?: string;
  name?: string;
  enabled?: boolean;
  event_types?: string[];
  notification_url?: string;
  api_version?: string;
  /** Only on create and retrieve: list and update answers leave it out. */
  signature_key?: string;
  created_at?: string;
  updated_at?: string;
}

export interface SquareTestResult {
  id?: string;
  /** What the notification URL answered. */
  status_code?: number;
  payload?: string;
  created_at?: string;
}

interface SquareError {
  category?: string;
  code?: string;
  detail?: string;
  field?: string;
}

export function toSubscription(raw: SquareSubscription): Subscription {
  if (typeof raw.id !== "string" || typeof raw.notification_url !== "string") {
    throw new CheckFailed("square: a subscription in the answer has no id or notification_url");
  }
  const subscription: Subscription = {
    id: raw.id,
    url: raw.notification_url,
    events: Array.isArray(raw.event_types) ? raw.event_types : [],
    // Square's `enabled` defaults to true; an answer without it is an enabled subscription.
    enabled: raw.enabled !== false,
    createdAt: squareTime(raw.created_at),
    provider: "square",
  };
  if (typeof raw.name === "string") subscription.name = raw.name;
  if (typeof raw.signature_key === "string") subscription.secret = raw.signature_key;
  return subscription;
}

export function toEventTypes(answer: unknown): EventType[] {
  const body = answer as {
    event_types?: unknown;
    metadata?: { event_type?: string; api_version_introduced?: string; release_status?: string }[];
  };
  const names = Array.isArray(body.event_types) ? body.event_types : [];
  const metadata = new Map((body.metadata ?? []).map((entry) => [entry.event_type, entry]));
  return names
    .filter((name): name is string => typeof name === "string")
    .map((name) => {
      const entry = metadata.get(name);
      // Square describes an event type only by when it came and how released it is.
      const words = [
        entry?.release_status,
        entry?.api_version_introduced && `since ${entry.api_version_introduced}`,
      ].filter((word): word is string => typeof word === "string" && word.length > 0);
      return { name, description: words.length > 0 ? words.join(", ") : null };
    });
}

const GO_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?/;

/**
 * Square writes times the way Go prints them, `2022-01-10 23:29:48 +0000 UTC`, sometimes with
 * nanoseconds and a monotonic clock reading (`… +0000 UTC m=+3863.05`). ISO 8601 out, or null.
 */
export function squareTime(value: string | undefined): string | null {
  if (typeof value !== "string") return null;
  const match = GO_TIME.exec(value.trim());
  if (match === null) return null;
  const [, date, time, fraction, zone] = match;
  const millis = fraction === undefined ? "" : fraction.slice(0, 4).padEnd(4, "0");
  let offset = zone ?? "Z";
  if (offset !== "Z" && !offset.includes(":")) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  const parsed = Date.parse(`${date}T${time}${millis}${offset}`);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

/**
 * Every answer but a 2xx becomes a providerError in Square's words, `AUTHENTICATION_ERROR
 * UNAUTHORIZED: This request could not be authorized.`; the token is struck out in case an
 * answer ever echoes it.
 */
export function checkAnswer(response: ApiResponse, token: string): Record<string, unknown> {
  const body = response.json;
  if (response.status >= 200 && response.status < 300) {
    if (typeof body === "object" && body !== null && !Array.isArray(body)) {
      return body as Record<string, unknown>;
    }
    throw new CheckFailed(`square: the answer (HTTP ${response.status}) is not a JSON object`);
  }
  const errors = (body as { errors?: SquareError[] } | undefined)?.errors;
  const words = Array.isArray(errors) && errors.length > 0 ? errors.map(errorWords).join("; ") : "";
  const fallback = response.text.trim().slice(0, 200) || "no error in the answer";
  return fail(response.status, redact(words || fallback, [token]));
}

function fail(status: number, words: string): never {
  throw providerError("square", status, words);
}

function errorWords(error: SquareError): string {
  const head = [error.category, error.code].filter(Boolean).join(" ");
  const field = error.field ? ` (field ${error.field})` : "";
  return error.detail ? `${head}: ${error.detail}${field}` : `${head}${field}`;
}
