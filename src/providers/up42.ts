import { randomUUID } from "node:crypto";
import { isBase64Digest, unixNow } from "../util/crypto.js";
import { stringField } from "../util/json.js";
import type { HeaderMap, Provider, SignInput, VerifyInput, VerifyResult } from "./types.js";
import {
  checkContentDigest,
  contentDigest,
  DIGEST_HEADER,
  formatSignatureInput,
  parseSignature,
  parseSignatureInput,
  signedMessage,
  UP42_ID_HEADER,
  UP42_LABEL,
  UP42_SIGNED_HEADERS,
  up42Signature,
} from "./up42-signature.js";
import { checkTimestamp, malformedHeader, matchAny, missingHeader } from "./verify-result.js";

/** UP42's snippets drop a delivery older than 5 minutes (validate_webhook.py). */
const UP42_TOLERANCE_SEC = 300;

/**
 * Signs as UP42 does, listing headers hooks chooses (UP42 does not say which it lists): the
 * body's content-digest, so that the body is covered, the date and a delivery id.
 */
function signUp42(input: SignInput): HeaderMap {
  const created = input.timestamp ?? unixNow();
  const headers: HeaderMap = {
    "content-digest": contentDigest(input.body),
    date: new Date(created * 1000).toUTCString(),
    [UP42_ID_HEADER]: input.id ?? randomUUID(),
  };
  const components = [...UP42_SIGNED_HEADERS];
  const message = signedMessage(headers, components) as Buffer;
  headers["signature-input"] = formatSignatureInput({ components, created });
  headers.signature = `${UP42_LABEL}=${up42Signature(input.secret, message)}`;
  return headers;
}

function verifyUp42(input: VerifyInput): VerifyResult {
  const inputHeader = input.headers["signature-input"];
  const signatureHeader = input.headers.signature;
  if (inputHeader === undefined) return missingHeader("signature-input");
  if (signatureHeader === undefined) return missingHeader("signature");
  const params = parseSignatureInput(inputHeader);
  if ("error" in params) return malformedHeader("signature-input", params.error);
  const stale = checkTimestamp(params.created, input, UP42_TOLERANCE_SEC);
  if (stale) return stale;
  const signature = parseSignature(signatureHeader);
  if (signature === undefined || !isBase64Digest(signature, 32)) {
    return malformedHeader("signature", `expected ${UP42_LABEL}=<base64 of a 32-byte HMAC-SHA256>`);
  }
  const message = signedMessage(input.headers, params.components);
  if (!Buffer.isBuffer(message)) {
    return {
      ...missingHeader(message.missing),
      reason: `missing ${message.missing} header, which signature-input lists as signed`,
    };
  }
  const listed = params.components.join(", ");
  const matched = matchAny(
    [signature],
    input.secrets,
    (secret) => up42Signature(secret, message),
    `${UP42_LABEL} HMAC-SHA256 over ${listed}`,
  );
  if (!matched.valid) return matched;
  if (!params.components.includes(DIGEST_HEADER)) {
    return {
      valid: true,
      reason: `${matched.reason}; the body is NOT covered: signature-input lists no ${DIGEST_HEADER}, so any body would pass`,
    };
  }
  const digest = checkContentDigest(input.headers[DIGEST_HEADER] as string, input.body);
  if (digest.ok) return { valid: true, reason: `${matched.reason}; the body matches its digest` };
  if (digest.malformed) return malformedHeader(DIGEST_HEADER, digest.detail);
  return {
    valid: false,
    code: "body_digest_mismatch",
    reason: `the signed headers are authentic but ${DIGEST_HEADER} does not match: ${digest.detail}`,
  };
}

/** A signature-input with an `up42-sig` member: no other sender uses that label. */
const UP42_MEMBER = /(?:^|[\s,])up42-sig=/;

export const up42: Provider = {
  id: "up42",
  name: "UP42",
  signatureHeaders: ["signature", "signature-input", ...UP42_SIGNED_HEADERS],
  signatureHeader: "signature",
  algorithm: `HMAC-SHA256, base64: \`signature: ${UP42_LABEL}=<sig>\`, \`signature-input: ${UP42_LABEL}=("<header>" ...);created=<unix>\``,
  signedBytes:
    "the values of the headers signature-input lists, concatenated in order with nothing between (hooks lists content-digest, date, up42-delivery-id); the body is covered through content-digest (sha-256=:<base64>:), which is checked against the raw body",
  secretFormat:
    "the `secret` given when the webhook was created, as its UTF-8 bytes (nothing is decoded, not even a whsec_ prefix)",
  toleranceSec: UP42_TOLERANCE_SEC,
  // UP42 publishes no delivery limit; hooks allows as long as Standard Webhooks senders do.
  timeoutMs: 15_000,
  retry: {
    description:
      "UP42 does not publish its retry policy; test a webhook with its Test endpoint (data.testsRun, testsSucceeded, testsFailed)",
    backoffMs: [250, 500, 1000],
  },
  signsBody: true,
  signsUrl: false,
  // The scheme is published only in UP42's own example receivers, not on docs.up42.com.
  docs: "https://github.com/up42/up42-webhooks/blob/master/snippets/validate_webhook.py",
  sign: signUp42,
  verify: verifyUp42,
  detectPriority: 80,
  detect: (headers) => UP42_MEMBER.test(headers["signature-input"] ?? ""),
  eventId: (headers) => headers[UP42_ID_HEADER],
  eventType: (_headers, json) => stringField(json, "event"),
};
