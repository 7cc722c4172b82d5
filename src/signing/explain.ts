import type { Provider, Secret, VerifyInput } from "../providers/types.js";
import { tryParseJson } from "../util/json.js";

/** One usual mistake: a changed input to verify with, and what it means when it matches. */
interface Variant {
  mistake: string;
  input: VerifyInput;
}

export interface Explanation {
  /** The mistake that would have made the signature match, if any. */
  matched: string | null;
  /** How many variants were tried. */
  tried: number;
}

/**
 * Tries the usual mistakes (stripe-cli and svix users hit the same few) and names the first one
 * that would have verified. Only called after a failed verification, so speed does not matter.
 */
export function explainFailure(provider: Provider, input: VerifyInput): Explanation {
  const variants = [
    ...clockVariants(input),
    ...bodyVariants(input),
    ...secretVariants(input),
    ...urlVariants(input),
  ];
  for (const variant of variants) {
    if (provider.verify(variant.input).valid) {
      return { matched: variant.mistake, tried: variants.length };
    }
  }
  return { matched: null, tried: variants.length };
}

function clockVariants(input: VerifyInput): Variant[] {
  return [
    {
      mistake:
        "the signature is right but the timestamp is outside the tolerance: check the clocks, or pass --now/--tolerance for a recorded request",
      input: { ...input, toleranceSec: Number.MAX_SAFE_INTEGER },
    },
  ];
}

function bodyVariants(input: VerifyInput): Variant[] {
  const text = input.body.toString("utf8");
  const candidates: [string, string][] = [];
  if (text.endsWith("\r\n"))
    candidates.push(["the body was signed without its trailing CRLF", text.slice(0, -2)]);
  if (text.endsWith("\n"))
    candidates.push(["the body was signed without its trailing newline", text.slice(0, -1)]);
  else candidates.push(["the body was signed with a trailing newline", `${text}\n`]);
  const json = tryParseJson(text);
  if (json !== undefined) {
    candidates.push(
      [
        "the body was re-serialised as compact JSON before signing (sign the raw bytes)",
        JSON.stringify(json),
      ],
      [
        "the body was re-serialised as indented JSON before signing (sign the raw bytes)",
        JSON.stringify(json, null, 2),
      ],
      [
        "the body was re-serialised as 4-space JSON before signing (sign the raw bytes)",
        JSON.stringify(json, null, 4),
      ],
    );
  }
  return candidates
    .filter(([, body]) => body !== text)
    .map(([mistake, body]) => ({ mistake, input: { ...input, body: Buffer.from(body) } }));
}

const WHSEC = "whsec_";

function secretVariants(input: VerifyInput): Variant[] {
  const out: Variant[] = [];
  const withSecret = (mistake: string, secret: Secret) =>
    out.push({ mistake, input: { ...input, secrets: [secret] } });
  for (const secret of input.secrets) {
    if (typeof secret !== "string") continue;
    const bare = secret.startsWith(WHSEC) ? secret.slice(WHSEC.length) : secret;
    if (secret.startsWith(WHSEC)) {
      withSecret(
        "the sender base64-decoded the part after whsec_ and used it as the key",
        Buffer.from(bare, "base64"),
      );
      withSecret(
        "the sender used the whole whsec_… string as the key, without base64-decoding it",
        Buffer.from(secret),
      );
      withSecret(
        "the sender used the secret without its whsec_ prefix, as text",
        Buffer.from(bare),
      );
    } else {
      withSecret(
        "the sender base64-decoded the secret and used the bytes as the key",
        Buffer.from(secret, "base64"),
      );
      withSecret("the sender used the secret with a whsec_ prefix", `${WHSEC}${secret}`);
    }
    if (secret !== secret.trim())
      withSecret("the secret has surrounding whitespace", secret.trim());
  }
  return out;
}

function urlVariants(input: VerifyInput): Variant[] {
  if (!input.url) return [];
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return [];
  }
  const candidates: [string, string][] = [];
  const toggledSlash = input.url.endsWith("/") ? input.url.slice(0, -1) : `${input.url}/`;
  candidates.push([`the sender signed ${toggledSlash} (trailing slash differs)`, toggledSlash]);
  const otherScheme = url.protocol === "https:" ? "http:" : "https:";
  candidates.push([
    `the sender signed the ${otherScheme.slice(0, -1)} URL`,
    input.url.replace(url.protocol, otherScheme),
  ]);
  if (url.search) {
    const noQuery = input.url.slice(0, input.url.indexOf("?"));
    candidates.push([`the sender signed the URL without its query string (${noQuery})`, noQuery]);
  }
  if (url.port) {
    const noPort = new URL(input.url);
    noPort.port = "";
    candidates.push([`the sender signed the URL without the port (${noPort.href})`, noPort.href]);
  }
  return candidates.map(([mistake, candidate]) => ({
    mistake,
    input: { ...input, url: candidate },
  }));
}
