import type { RequestRecord } from "../store/event-store-record.js";
import { stringField, tryParseJson } from "../util/json.js";
import type { Answer } from "./answer.js";
import type { Arrival, ListenerOptions } from "./listener-types.js";

/** The providers' verification handshakes the listener knows, as the `handshake` field names them. */
export type HandshakeKind = NonNullable<RequestRecord["handshake"]>;

/** What deciding on a handshake needs from the listener's options (read per request). */
export type HandshakeOptions = Pick<ListenerOptions, "answerHandshakes" | "forwardTo" | "secrets">;

/**
 * Marks a handshake on its arrival (`handshake`, and `handshakeSkipped` with why the listener did
 * not answer it) and returns the listener's answer to it, or undefined when it is not a
 * handshake or is to be answered as any other request (`--status`, or the app with --forward-to).
 * Runs for every request: two field comparisons decide that most are not handshakes.
 */
export function answerHandshake(arrival: Arrival, options: HandshakeOptions): Answer | undefined {
  if (arrival.verificationCode !== undefined) {
    return decide(arrival, "clover_verification", options, CLOVER_ANSWER);
  }
  if (arrival.eventType !== "url_verification" || arrival.provider !== "slack") return undefined;
  const challenge = slackChallenge(arrival);
  if (challenge === undefined) return undefined;
  // Slack signs the handshake like any event: with a secret known, only a valid one is echoed,
  // so that an invalid one gets what every invalid request gets today (--status, default 200,
  // with an empty body; or the app's answer) and Slack says the URL did not echo the challenge.
  const secretKnown = (options.secrets?.length ?? 0) > 0;
  if (secretKnown && arrival.signature.status !== "valid") {
    arrival.handshake = "slack_url_verification";
    arrival.handshakeSkipped = `signature ${arrival.signature.status}`;
    return undefined;
  }
  return decide(arrival, "slack_url_verification", options, {
    status: 200,
    // https://api.slack.com/events/url_verification: "respond in plaintext with the challenge
    // attribute value" (HTTP 200, Content-type: text/plain); the form and JSON answers the page
    // also allows are alternatives, plain text is the one it shows first.
    headers: { "content-type": "text/plain" },
    body: challenge,
  });
}

/**
 * Clover's verification POST needs a 200 and nothing more (https://docs.clover.com/docs/webhooks):
 * the code goes back by hand, pasted in the dashboard, which is why the listener boxes it.
 */
const CLOVER_ANSWER: Answer = { status: 200, body: "" };

/** On unless set: the listener answers handshakes when no app is there to answer them. */
export function answersHandshakes(options: HandshakeOptions): boolean {
  return options.answerHandshakes ?? !options.forwardTo;
}

function decide(
  arrival: Arrival,
  kind: HandshakeKind,
  options: HandshakeOptions,
  answer: Answer,
): Answer | undefined {
  arrival.handshake = kind;
  if (answersHandshakes(options)) return { ...answer };
  arrival.handshakeSkipped = options.forwardTo
    ? "passed to the app (--answer-handshakes answers it here)"
    : "--no-answer-handshakes";
  return undefined;
}

/** The `challenge` of a url_verification body `{"token":…,"challenge":…,"type":"url_verification"}`. */
function slackChallenge(arrival: Arrival): string | undefined {
  if (arrival.bodyEncoding !== "utf8") return undefined;
  const json = tryParseJson(arrival.body);
  if (stringField(json, "type") !== "url_verification") return undefined;
  const challenge = stringField(json, "challenge");
  return challenge === undefined || challenge === "" ? undefined : challenge;
}
