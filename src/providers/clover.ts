import { stringField, tryParseJson } from "../util/json.js";
import { matchAny, missingHeader, noMatch } from "./verify-result.js";
import type { HeaderMap, Provider, SignInput, VerifyInput, VerifyResult } from "./types.js";

/**
 * Clover signs nothing: every notification carries the app's static auth code in X-Clover-Auth
 * (https://docs.clover.com/docs/webhooks, "Verify the Clover auth code header").
 */
const AUTH = "x-clover-auth";

/** The code of Clover's verification POST, `{"verificationCode":"<uuid>"}`, if that is what this is. */
export function cloverVerificationCode(json: unknown): string | undefined {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return undefined;
  const keys = Object.keys(json);
  if (keys.length !== 1) return undefined;
  const code = stringField(json, "verificationCode");
  // Not checked as a UUID: Clover's own sample ("5220ecf5-7dea-4396-bOba-…") is not one.
  return code !== undefined && code.trim() !== "" ? code : undefined;
}

function signClover(input: SignInput): HeaderMap {
  const code = Buffer.isBuffer(input.secret) ? input.secret.toString("utf8") : input.secret;
  return { "X-Clover-Auth": code };
}

function verifyClover(input: VerifyInput): VerifyResult {
  const received = input.headers[AUTH];
  if (received === undefined) {
    const code = cloverVerificationCode(tryParseJson(input.body.toString("utf8")));
    if (code !== undefined) {
      return {
        valid: false,
        code: "missing_header",
        reason: `missing ${AUTH} header: this is Clover's verification POST (code ${code}), which comes before the auth code exists; paste the code into the Developer Dashboard`,
      };
    }
    return missingHeader(AUTH);
  }
  // The code is its own "signature": each known code is what a delivery would carry.
  const result = matchAny([received.trim()], input.secrets, (secret) => secret, "auth code");
  return result.valid
    ? result
    : noMatch(
        `the auth code differs from ${input.secrets.length} known code(s) (App Settings › Webhooks › Clover Auth Code)`,
      );
}

/** `<KEY>.<TYPE>` of the first update, e.g. `O.CREATE` for `{"objectId":"O:…","type":"CREATE"}`. */
function firstUpdateType(json: unknown): string | undefined {
  const merchants = (json as { merchants?: unknown } | null)?.merchants;
  if (merchants === null || typeof merchants !== "object") return undefined;
  for (const updates of Object.values(merchants)) {
    if (!Array.isArray(updates)) continue;
    const first: unknown = updates[0];
    const objectId = stringField(first, "objectId");
    const type = stringField(first, "type");
    const key = objectId?.split(":")[0];
    if (key && type) return `${key}.${type}`;
  }
  return undefined;
}

export const clover: Provider = {
  id: "clover",
  name: "Clover",
  signatureHeaders: ["X-Clover-Auth"],
  signatureHeader: AUTH,
  algorithm: "static auth code, compared in constant time (no signature)",
  signedBytes: "none: the code does not depend on the body",
  secretFormat: "the app's Clover Auth Code (App Settings › Webhooks), as text",
  toleranceSec: null,
  // Clover documents no delivery limit, only that the callback must answer 200 OK; 10 s is the
  // common ceiling among payment providers (Square, GitHub), so a handler that passes here is fast.
  timeoutMs: 10_000,
  retry: {
    description:
      "Clover does not publish a retry schedule; notifications carry no id (de-duplicate on objectId + type + ts). The first POST to a new URL is a verification request with a verificationCode",
    backoffMs: [250, 500, 1000],
  },
  signsBody: false,
  signsUrl: false,
  docs: "https://docs.clover.com/docs/webhooks",
  sign: signClover,
  verify: verifyClover,
  detectPriority: 70,
  detect: (headers) => AUTH in headers,
  eventId: () => undefined,
  eventType: (_headers, json) => firstUpdateType(json),
};
