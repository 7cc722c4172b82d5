import { createHash } from "node:crypto";
import { cloverVerificationCode } from "../providers/clover.js";
import { detectProvider, findProvider } from "../providers/index.js";
import type { Provider } from "../providers/types.js";
import type { SignatureStatus } from "../store/event-store-record.js";
import type { HeaderMap } from "../util/headers.js";

export interface AnalyseInput {
  headers: HeaderMap;
  body: Buffer;
  /** The body decoded as UTF-8, when it is valid UTF-8 (saves decoding it twice). */
  text?: string | undefined;
  /** The URL the sender used (Square signs it with the body). */
  url: string;
  /** `--provider`: when given, detection is skipped. */
  provider?: Provider | undefined;
  secrets: readonly string[];
  /** Unix seconds, for timestamp tolerance. */
  now?: number | undefined;
}

export interface Analysis {
  provider: Provider | undefined;
  eventType?: string;
  eventId?: string;
  signature: { status: SignatureStatus; reason: string };
  verificationCode?: string;
  /** What a redelivery of the same event repeats: the provider's event id, else the body. */
  duplicateKey?: string;
}

const NO_SECRET =
  "no secret to check it with: pass --secret, set HOOKS_SECRET or save one with `hooks config`";

/** Who sent a request, what it is, and whether its signature holds. Never throws. */
export function analyseRequest(input: AnalyseInput): Analysis {
  const json = parseJsonBody(input.body, input.text);
  let provider = input.provider ?? detectProvider(input.headers, json);
  const verificationCode =
    !provider || provider.id === "clover" ? cloverVerificationCode(json) : undefined;
  if (verificationCode !== undefined) {
    provider ??= findProvider("clover");
    return {
      provider,
      eventType: "verification",
      signature: {
        status: "unsigned",
        reason: "Clover's verification POST carries no auth code",
      },
      verificationCode,
      duplicateKey: `clover-verification:${verificationCode}`,
    };
  }
  const analysis: Analysis = { provider, signature: checkSignature(input, provider) };
  if (provider) {
    const eventType = safely(() => provider.eventType(input.headers, json));
    const eventId = safely(() => provider.eventId(input.headers, json));
    if (eventType !== undefined) analysis.eventType = eventType;
    if (eventId !== undefined) {
      analysis.eventId = eventId;
      analysis.duplicateKey = `${provider.id}:${eventId}`;
    }
  }
  if (analysis.duplicateKey === undefined && input.body.length > 0) {
    analysis.duplicateKey = `body:${createHash("sha256").update(input.body).digest("base64")}`;
  }
  return analysis;
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
  const result = safely(() =>
    provider.verify({
      body: input.body,
      headers: input.headers,
      secrets: input.secrets,
      url: input.url,
      now: input.now,
    }),
  );
  if (!result) return { status: "invalid", reason: `${provider.name} verifier failed` };
  return { status: result.valid ? "valid" : "invalid", reason: result.reason };
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
