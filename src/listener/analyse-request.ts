import { cloverVerificationCode } from "../providers/clover.js";
import { eventName } from "../providers/event-name.js";
import { detectProvider, findProvider } from "../providers/index.js";
import type { Provider } from "../providers/types.js";
import { mismatchNote } from "../signing/verify-request.js";
import type { SignatureStatus } from "../store/event-store-record.js";
import type { HeaderMap } from "../util/headers.js";
import { bodyKey } from "./duplicate-index.js";
import { invalidHint } from "./invalid-hint.js";

export interface AnalyseInput {
  headers: HeaderMap;
  body: Buffer;
  /** The body decoded as UTF-8, when it is valid UTF-8 (saves decoding it twice). */
  text?: string | undefined;
  /** The URL the sender used (Square signs it with the body). */
  url: string;
  /** Method and path (with the query) as sent: a duplicate by body alone must match them too. */
  method?: string | undefined;
  path?: string | undefined;
  /**
   * The provider expected (--provider, HOOKS_PROVIDER, the profile): the label of a request whose
   * headers name no provider, or name a family it belongs to. It never hides a request whose
   * headers name another scheme: that one is labelled and checked as what it is, with a note.
   */
  provider?: Provider | undefined;
  /** Where `provider` came from (`--provider`, `profile "default"`), for the note. */
  providerFrom?: string | undefined;
  secrets: readonly string[];
  /** Unix seconds, for timestamp tolerance. */
  now?: number | undefined;
}

export interface Analysis {
  provider: Provider | undefined;
  eventType?: string;
  eventId?: string;
  signature: { status: SignatureStatus; reason: string; note?: string };
  verificationCode?: string;
  /** What a redelivery of the same event repeats: the provider's event id, else the body. */
  duplicateKey?: string;
}

/** Failures a usual mistake can explain; a missing or malformed header is its own reason. */
const HINTED = new Set<string>([
  "no_match",
  "timestamp_too_old",
  "timestamp_too_new",
  "body_digest_mismatch",
]);

const NO_SECRET =
  "no secret to check it with: pass --secret, set HOOKS_SECRET or save one with `hooks config`";

/** Who sent a request, what it is, and whether its signature holds. Never throws. */
export function analyseRequest(input: AnalyseInput): Analysis {
  const json = parseJsonBody(input.body, input.text);
  const expected = input.provider;
  // Detection always runs; the expected provider is asked first so that a family of shared
  // headers (Standard Webhooks) keeps the label the user chose.
  const detected = expected?.detect(input.headers) ? expected : detectProvider(input.headers, json);
  // Clover's verification POST is unmistakable and carries no header: caught whatever provider
  // is expected, since a user setting up Clover may well have another profile active.
  const verificationCode =
    !detected || detected.id === "clover" ? cloverVerificationCode(json) : undefined;
  if (verificationCode !== undefined) {
    return {
      provider: detected ?? findProvider("clover"),
      eventType: "verification",
      signature: {
        status: "unsigned",
        reason: "Clover's verification POST carries no auth code",
      },
      verificationCode: keptLabel(verificationCode),
      duplicateKey: `clover-verification:${verificationCode}`,
    };
  }
  const provider = detected ?? expected;
  const signature = checkSignature(input, provider);
  if (expected && provider && provider !== expected) {
    const note = mismatchNote(provider.id, { id: expected.id, from: input.providerFrom });
    signature.note = note;
    signature.reason = `${signature.reason}; ${note}`;
  }
  const analysis: Analysis = { provider, signature };
  if (provider) {
    const eventType = eventName(provider, input.headers, json);
    const eventId = safely(() => provider.eventId(input.headers, json));
    if (eventType !== undefined) analysis.eventType = keptLabel(eventType);
    if (eventId !== undefined) {
      analysis.eventId = keptLabel(eventId);
      // The whole id, so that two long ids that share a beginning stay apart (the index hashes it).
      analysis.duplicateKey = `${provider.id}:${eventId}`;
    }
  }
  if (analysis.duplicateKey === undefined && input.body.length > 0) {
    analysis.duplicateKey = bodyKey(input.method ?? "POST", input.path ?? "/", input.body);
  }
  return analysis;
}

/**
 * Real event ids, types and codes are under 100 characters; these come from the body, whose size
 * only --max-body bounds, and live on in the summary, the inspector and every listing. The body
 * keeps the whole value.
 */
export const MAX_LABEL = 256;

function keptLabel(value: string): string {
  if (value.length <= MAX_LABEL) return value;
  // A slice of a long string can keep the whole string alive in V8: copy the part kept.
  return `${Buffer.from(value.slice(0, MAX_LABEL - 1)).toString()}…`;
}

function checkSignature(
  input: AnalyseInput,
  provider: Provider | undefined,
): Analysis["signature"] {
  if (!provider) {
    return { status: "unsigned", reason: "no known provider's signature headers" };
  }
  if (input.headers[provider.signatureHeader] === undefined) {
    return { status: "unsigned", reason: `no ${provider.signatureHeaders[0]} header` };
  }
  if (input.secrets.length === 0) return { status: "unchecked", reason: NO_SECRET };
  const verifyInput = {
    body: input.body,
    headers: input.headers,
    secrets: input.secrets,
    url: input.url,
    now: input.now,
  };
  const result = safely(() => provider.verify(verifyInput));
  if (!result) return { status: "invalid", reason: `${provider.name} verifier failed` };
  if (result.valid) return { status: "valid", reason: result.reason };
  // The line ends with what `--explain` would name, when a usual mistake would have matched.
  const hint = HINTED.has(result.code)
    ? invalidHint(provider, verifyInput, input.now ?? Math.floor(Date.now() / 1000))
    : undefined;
  return { status: "invalid", reason: hint ? `${result.reason} (${hint})` : result.reason };
}

function parseJsonBody(body: Buffer, text: string | undefined): unknown {
  // Only bodies that can be JSON are parsed: form posts and binaries are left alone.
  let start = 0;
  while (
    start < body.length &&
    (body[start] === 0x20 || body[start] === 0x0a || body[start] === 0x0d || body[start] === 0x09)
  ) {
    start += 1;
  }
  const first = body[start];
  if (first !== 0x7b && first !== 0x5b) return undefined;
  try {
    return JSON.parse(text ?? body.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/** A provider's helper that throws on odd input must not take a request down with it. */
function safely<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}
