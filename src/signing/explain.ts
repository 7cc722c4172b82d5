import type { Provider, Secret, VerifyInput } from "../providers/types.js";
import { tryParseJson } from "../util/json.js";

/**
 * One usual mistake: a changed input to verify with, what it means when it matches, and `hint`,
 * the same in a few words for the end of a `hooks listen` line.
 */
interface Variant {
  mistake: string;
  hint: string;
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
  const variants = variantsOf(input);
  const match = firstMatch(provider, variants);
  return { matched: match?.mistake ?? null, tried: variants.length };
}

/**
 * The short form of what `--explain` would name (`query string differs: try https://…/hook`), or
 * undefined. It costs one verification per variant (about 20, with JSON re-serialisations of the
 * body): callers on a hot path bound how often and over how large a body they call it.
 */
export function explainHint(provider: Provider, input: VerifyInput): string | undefined {
  return firstMatch(provider, variantsOf(input))?.hint;
}

function variantsOf(input: VerifyInput): Variant[] {
  return [
    ...clockVariants(input),
    ...bodyVariants(input),
    ...secretVariants(input),
    ...urlVariants(input),
  ];
}

function firstMatch(provider: Provider, variants: readonly Variant[]): Variant | undefined {
  return variants.find((variant) => provider.verify(variant.input).valid);
}

function clockVariants(input: VerifyInput): Variant[] {
  return [
    {
      mistake:
        "the signature is right but the timestamp is outside the tolerance: check the clocks, or pass --now/--tolerance for a recorded request",
      hint: "signature right, timestamp outside the tolerance: check the clocks",
      input: { ...input, toleranceSec: Number.MAX_SAFE_INTEGER },
    },
  ];
}

function bodyVariants(input: VerifyInput): Variant[] {
  const text = input.body.toString("utf8");
  const candidates: [string, string, string][] = [];
  if (text.endsWith("\r\n"))
    candidates.push([
      "the body was signed without its trailing CRLF",
      "trailing CRLF differs: the body was signed without it",
      text.slice(0, -2),
    ]);
  if (text.endsWith("\n"))
    candidates.push([
      "the body was signed without its trailing newline",
      "trailing newline differs: the body was signed without it",
      text.slice(0, -1),
    ]);
  else
    candidates.push([
      "the body was signed with a trailing newline",
      "trailing newline differs: the body was signed with one",
      `${text}\n`,
    ]);
  const json = tryParseJson(text);
  if (json !== undefined) candidates.push(...reformattedBodies(text, json));
  return candidates
    .filter(([, , body]) => body !== text)
    .map(([mistake, hint, body]) => ({
      mistake,
      hint,
      input: { ...input, body: Buffer.from(body) },
    }));
}

/** The layouts senders sign: GitHub once sent 2-space JSON with a newline, Stripe sends 2-space. */
const PRETTY_LAYOUTS = [
  { indent: 2, newline: true },
  { indent: 2, newline: false },
  { indent: 4, newline: true },
  { indent: 4, newline: false },
] as const;

/**
 * A JSON body that was parsed and re-serialised on one side only, in either direction: told from
 * the receiver's side, since a receiver running `hooks verify` is the one who holds this body.
 */
function reformattedBodies(text: string, json: unknown): [string, string, string][] {
  const compact = JSON.stringify(json);
  const out: [string, string, string][] = [
    [
      "the signature is over the compact JSON of this body (no spaces or line breaks), so the body was re-formatted after it was signed: if your app pretty-printed or re-serialised it before verifying, verify the raw bytes as they arrived; if these are the raw bytes, the sender signed JSON.stringify of its object instead of what it sent",
      "body layout differs: the signature is over its compact JSON",
      compact,
    ],
  ];
  const received = text === compact ? "compact" : "other";
  for (const { indent, newline } of PRETTY_LAYOUTS) {
    const layout = `${indent}-space JSON${newline ? " with a trailing newline" : ""}`;
    const mistake =
      received === "compact"
        ? `the signature is over this body as ${layout}, the way the sender sent it: your app verified JSON.stringify(req.body) instead of the raw bytes: use the raw body (express.raw(), not express.json())`
        : `the signature is over this body as ${layout}, but this body is laid out otherwise: it was re-formatted after it was signed; verify the raw bytes as they arrived`;
    const hint =
      received === "compact"
        ? `body layout differs: the signature is over it as ${layout}: verify the raw bytes`
        : `body layout differs: the signature is over it as ${layout}`;
    const pretty = `${JSON.stringify(json, null, indent)}${newline ? "\n" : ""}`;
    out.push([mistake, hint, pretty]);
    const upper = upperCaseEscapes(pretty);
    if (upper !== pretty) out.push([mistake, hint, upper]);
  }
  return out;
}

/**
 * JSON.stringify writes control characters as `\u001b`; GitHub writes `\u001B` (the case
 * octokit/webhooks.js issue 71 is about), so a re-serialised GitHub body differs there too.
 */
function upperCaseEscapes(json: string): string {
  return json.replace(
    /(?<!\\)((?:\\\\)*)\\u([\da-f]{4})/g,
    (_whole, slashes: string, hex: string) => {
      return `${slashes}\\u${hex.toUpperCase()}`;
    },
  );
}

const WHSEC = "whsec_";

function secretVariants(input: VerifyInput): Variant[] {
  const out: Variant[] = [];
  const withSecret = (mistake: string, hint: string, secret: Secret) =>
    out.push({ mistake, hint: `secret differs: ${hint}`, input: { ...input, secrets: [secret] } });
  for (const secret of input.secrets) {
    if (typeof secret !== "string") continue;
    const bare = secret.startsWith(WHSEC) ? secret.slice(WHSEC.length) : secret;
    if (secret.startsWith(WHSEC)) {
      withSecret(
        "the sender base64-decoded the part after whsec_ and used it as the key",
        "the sender used the part after whsec_ base64-decoded",
        Buffer.from(bare, "base64"),
      );
      withSecret(
        "the sender used the whole whsec_… string as the key, without base64-decoding it",
        "the sender used the whole whsec_… string as text",
        Buffer.from(secret),
      );
      withSecret(
        "the sender used the secret without its whsec_ prefix, as text",
        "the sender used it without whsec_, as text",
        Buffer.from(bare),
      );
    } else {
      withSecret(
        "the sender base64-decoded the secret and used the bytes as the key",
        "the sender used it base64-decoded",
        Buffer.from(secret, "base64"),
      );
      // Standard Webhooks libraries decode a secret without the prefix too; some senders do not.
      withSecret(
        "the sender used the secret as text, without base64-decoding it",
        "the sender used it as text",
        Buffer.from(secret),
      );
      withSecret(
        "the sender used the secret with a whsec_ prefix",
        "the sender used it with a whsec_ prefix",
        `${WHSEC}${secret}`,
      );
    }
    if (secret !== secret.trim())
      withSecret(
        "the secret has surrounding whitespace",
        "try it without its surrounding whitespace",
        secret.trim(),
      );
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
  // [mistake, what differs, the URL the sender signed]: the hint is `<what> differs: try <url>`.
  const candidates: [string, string, string][] = [];
  const toggledSlash = input.url.endsWith("/") ? input.url.slice(0, -1) : `${input.url}/`;
  candidates.push([
    `the sender signed ${toggledSlash} (trailing slash differs)`,
    "trailing slash",
    toggledSlash,
  ]);
  const otherScheme = url.protocol === "https:" ? "http:" : "https:";
  const otherUrl = input.url.replace(url.protocol, otherScheme);
  candidates.push([`the sender signed the ${otherScheme.slice(0, -1)} URL`, "scheme", otherUrl]);
  if (url.search) {
    const noQuery = input.url.slice(0, input.url.indexOf("?"));
    candidates.push([
      `the sender signed the URL without its query string (${noQuery})`,
      "query string",
      noQuery,
    ]);
  }
  if (url.port) {
    const noPort = new URL(input.url);
    noPort.port = "";
    candidates.push([
      `the sender signed the URL without the port (${noPort.href})`,
      "port",
      noPort.href,
    ]);
  }
  return candidates.map(([mistake, part, candidate]) => ({
    mistake,
    hint: `${part} differs: try ${candidate}`,
    input: { ...input, url: candidate },
  }));
}
