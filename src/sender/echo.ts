import { stringField, tryParseJson } from "../util/json.js";
import type { Echo, TestError } from "./types.js";

/** The value of `field` in a notification's JSON body, which its answer must echo. */
export function echoOf(body: Buffer | string, field: string): Echo | undefined {
  const text = typeof body === "string" ? body : body.toString("utf8");
  const value = stringField(tryParseJson(text), field);
  return value === undefined || value === "" ? undefined : { field, value };
}

/**
 * Whether an answer sends the value back in one of the three forms Slack accepts for its
 * url_verification (https://api.slack.com/events/url_verification): the value as plain text,
 * `challenge=<value>` form-encoded, or JSON `{"challenge":"<value>"}`. The form is read from the
 * body rather than from Content-Type, which the page does not say Slack checks; whitespace
 * around a plain-text answer (a trailing newline) is let through.
 */
export function echoes(answer: Buffer, { field, value }: Echo): boolean {
  const text = answer.toString("utf8").trim();
  if (text === value) return true;
  if (text.startsWith("{")) return stringField(tryParseJson(text), field) === value;
  return new URLSearchParams(text).get(field) === value;
}

const SHOWN_CHARS = 80;

/** `answered 200 but did not echo the challenge`, with the start of what it did answer. */
export function notEchoed(status: number, answer: Buffer, { field }: Echo): TestError {
  const text = answer.toString("utf8").replace(/\s+/g, " ").trim();
  const shown = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
  const what = shown === "" ? "an empty body" : `"${shown}"`;
  return {
    reason: "http_error",
    message: `answered ${status} but did not echo the ${field} (its body: ${what})`,
  };
}
