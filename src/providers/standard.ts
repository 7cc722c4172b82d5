import { randomUUID } from "node:crypto";
import { UsageError } from "../errors.js";
import { hmac, unixNow } from "../util/crypto.js";
import { stringField } from "../util/json.js";
import {
  checkTimestamp,
  malformedHeader,
  matchAny,
  missingHeader,
  noMatch,
  parseUnixSeconds,
} from "./verify-result.js";
import type { HeaderMap, Provider, Secret, SignInput, VerifyInput, VerifyResult } from "./types.js";

/** https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md */
const STANDARD_TOLERANCE_SEC = 5 * 60;
const SECRET_PREFIX = "whsec_";

/**
 * The key is the base64 after the `whsec_` prefix, and the whole secret when it has none: the
 * spec's JavaScript, Python and Go libraries all decode both ("verification works with and without
 * signature prefix"). Missing `=` padding is accepted, as Python accepts it. A secret that is not
 * base64 cannot be a key: their constructors refuse it (JS and Go throw; only Python drops the
 * stray characters), so signing with it is refused too, as a receiver built on them could never
 * check the result. Verifying skips it, since the listener tries every secret it has (a Clover
 * code, a GitHub secret) on every request.
 */
type DecodedKey = { key: Buffer } | { refused: string };

function standardKey(secret: Secret): DecodedKey {
  if (Buffer.isBuffer(secret)) return { key: secret };
  // The listener verifies every request with the same few secrets: decode each one once.
  let decoded = decodedKeys.get(secret);
  if (decoded === undefined) {
    decoded = decodeSecret(secret);
    if (decodedKeys.size >= DECODED_KEYS_MAX) decodedKeys.clear();
    decodedKeys.set(secret, decoded);
  }
  return decoded;
}

const decodedKeys = new Map<string, DecodedKey>();
const DECODED_KEYS_MAX = 32;
const BASE64_SECRET = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeSecret(secret: string): DecodedKey {
  const prefixed = secret.startsWith(SECRET_PREFIX);
  const encoded = prefixed ? secret.slice(SECRET_PREFIX.length) : secret;
  const data = encoded.replace(/=+$/, "");
  // Node's decoder skips what is not base64 and so would quietly give another key.
  if (BASE64_SECRET.test(encoded) && data.length % 4 !== 1 && data.length > 0) {
    return { key: Buffer.from(data, "base64") };
  }
  const what = prefixed ? "the part after whsec_" : "the secret (it has no whsec_ prefix)";
  const why = data.length === 0 ? "is empty" : "is not base64";
  return {
    refused: `Standard Webhooks keys are base64 (whsec_<base64>) and ${what} ${why}: use the secret the sender shows, or generate one with \`hooks init\``,
  };
}

function signingKey(secret: Secret): Buffer {
  const decoded = standardKey(secret);
  if ("refused" in decoded) throw new UsageError(decoded.refused);
  return decoded.key;
}

function standardSignature(key: Buffer, id: string, timestamp: number, body: Buffer): string {
  return `v1,${hmac("sha256", key, `${id}.${timestamp}.`, body).toString("base64")}`;
}

function signStandard(input: SignInput): HeaderMap {
  const id = input.id ?? `msg_${randomUUID().replaceAll("-", "")}`;
  const timestamp = input.timestamp ?? unixNow();
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": standardSignature(signingKey(input.secret), id, timestamp, input.body),
  };
}

function verifyStandard(input: VerifyInput): VerifyResult {
  // A plain loop: the listener runs this for every request, and map/flatMap/find cost a share.
  const keys: Buffer[] = [];
  let refused: string | undefined;
  for (const secret of input.secrets) {
    const entry = standardKey(secret);
    if ("key" in entry) keys.push(entry.key);
    else refused ??= entry.refused;
  }
  // Said first, as the libraries' constructors refuse such a secret before any request.
  if (keys.length === 0 && refused !== undefined) return noMatch(`no usable secret: ${refused}`);
  const id = input.headers["webhook-id"];
  const timestampHeader = input.headers["webhook-timestamp"];
  const signatureHeader = input.headers["webhook-signature"];
  if (id === undefined) return missingHeader("webhook-id");
  if (timestampHeader === undefined) return missingHeader("webhook-timestamp");
  if (signatureHeader === undefined) return missingHeader("webhook-signature");
  const timestamp = parseUnixSeconds(timestampHeader);
  if (timestamp === undefined) {
    return malformedHeader("webhook-timestamp", `"${timestampHeader}" is not Unix seconds`);
  }
  const stale = checkTimestamp(timestamp, input, STANDARD_TOLERANCE_SEC);
  if (stale) return stale;

  // The header is a space-separated list of `<version>,<base64>`; only v1 (HMAC-SHA256) is ours.
  const candidates = signatureHeader.split(" ").filter((entry) => entry.startsWith("v1,"));
  if (candidates.length === 0) {
    return malformedHeader("webhook-signature", 'no "v1,<base64>" entry');
  }
  return matchAny(
    candidates,
    keys,
    (key) => standardSignature(key as Buffer, id, timestamp, input.body),
    "v1 signature",
  );
}

export const standard: Provider = {
  id: "standard",
  name: "Standard Webhooks",
  signatureHeaders: ["webhook-signature", "webhook-id", "webhook-timestamp"],
  signatureHeader: "webhook-signature",
  algorithm: "HMAC-SHA256, base64, `v1,<sig>` entries separated by spaces",
  signedBytes: "{webhook-id}.{webhook-timestamp}.{raw body}",
  secretFormat:
    "`whsec_<base64>`: the base64 after whsec_ (or the whole secret, without the prefix) is decoded to the key",
  toleranceSec: STANDARD_TOLERANCE_SEC,
  timeoutMs: 15_000,
  retry: {
    description:
      "retries with exponential backoff (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h); a retry keeps its webhook-id with a fresh timestamp and signature",
    backoffMs: [250, 500, 1000],
  },
  signsBody: true,
  signsUrl: false,
  docs: "https://www.standardwebhooks.com/",
  sign: signStandard,
  verify: verifyStandard,
  // Last: UP42 and any other sender of this scheme send the same headers as well as their own.
  detectPriority: 90,
  detect: (headers) => "webhook-signature" in headers && "webhook-id" in headers,
  eventId: (headers) => headers["webhook-id"],
  eventType: (_headers, json) => stringField(json, "type"),
};
