import { hmac } from "../util/crypto.js";
import { stringField } from "../util/json.js";
import { malformedHeader, matchAny, missingHeader } from "./verify-result.js";
import type { HeaderMap, Provider, Secret, SignInput, VerifyInput, VerifyResult } from "./types.js";

/** https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries */
const SIGNATURE_256 = "x-hub-signature-256";
/** Legacy SHA-1 header GitHub still sends; accepted only when the SHA-256 one is absent. */
const SIGNATURE_SHA1 = "x-hub-signature";

function githubSignature(algorithm: "sha1" | "sha256", secret: Secret, body: Buffer): string {
  return `${algorithm}=${hmac(algorithm, secret, body).toString("hex")}`;
}

function signGithub(input: SignInput): HeaderMap {
  const headers: HeaderMap = {
    "X-Hub-Signature-256": githubSignature("sha256", input.secret, input.body),
  };
  if (input.id !== undefined) headers["X-GitHub-Delivery"] = input.id;
  return headers;
}

function verifyGithub(input: VerifyInput): VerifyResult {
  const modern = input.headers[SIGNATURE_256];
  const legacy = input.headers[SIGNATURE_SHA1];
  const [algorithm, header, value] =
    modern !== undefined
      ? (["sha256", SIGNATURE_256, modern] as const)
      : legacy !== undefined
        ? (["sha1", SIGNATURE_SHA1, legacy] as const)
        : [];
  if (algorithm === undefined) return missingHeader(SIGNATURE_256);
  const digits = algorithm === "sha256" ? 64 : 40;
  const signature = value.trim().toLowerCase();
  if (!new RegExp(`^${algorithm}=[0-9a-f]{${digits}}$`).test(signature)) {
    return malformedHeader(header, `expected "${algorithm}=<${digits} hex digits>"`);
  }
  return matchAny(
    [signature],
    input.secrets,
    (secret) => githubSignature(algorithm, secret, input.body),
    `${algorithm} signature`,
  );
}

export const github: Provider = {
  id: "github",
  name: "GitHub",
  signatureHeaders: ["X-Hub-Signature-256", "X-GitHub-Event", "X-GitHub-Delivery"],
  signatureHeader: SIGNATURE_256,
  algorithm: "HMAC-SHA256, hex, `sha256=<hex>` (legacy X-Hub-Signature `sha1=<hex>` accepted)",
  signedBytes: "{raw body}",
  secretFormat: "the webhook secret as text",
  toleranceSec: null,
  // "GitHub will terminate the connection if it takes longer than 10 seconds" (best practices).
  timeoutMs: 10_000,
  retry: {
    description:
      "no automatic retries: a failed delivery stays failed until redelivered by hand (or the API) within 3 days; a redelivery keeps its X-GitHub-Delivery id",
    backoffMs: [250, 500, 1000],
  },
  signsBody: true,
  signsUrl: false,
  docs: "https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries",
  sign: signGithub,
  verify: verifyGithub,
  detectPriority: 20,
  detect: (headers) =>
    SIGNATURE_256 in headers || "x-github-event" in headers || SIGNATURE_SHA1 in headers,
  eventId: (headers) => headers["x-github-delivery"],
  eventType: (headers, json) => {
    const event = headers["x-github-event"];
    if (event === undefined) return undefined;
    const action = stringField(json, "action");
    return action === undefined ? event : `${event}.${action}`;
  },
};
