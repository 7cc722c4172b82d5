/**
 * Prefixes that name a kind of key rather than being part of its secret: kept when masking, so
 * `whsec_Mf…SSw` still says which key it is. Longest first, so `sk_test_` wins over `sk_`.
 */
const KNOWN_PREFIXES = [
  "sk_test_",
  "sk_live_",
  "rk_test_",
  "rk_live_",
  "whsec_",
  "shpss_",
  "whsk_",
  "sk_",
];

/**
 * Characters of the secret (after its prefix) that must stay hidden before any are shown: 20
 * unknown characters are over 80 bits even for a hex secret, out of reach of a brute force against
 * a captured signature. Below 24 characters nothing is shown; from 24 the first 2 and last 2; from
 * 32 (a `whsec_` key) the first 2 and last 3, the shape `whsec_Mf…SSw`.
 */
const SHOW_FOUR_FROM = 24;
const SHOW_FIVE_FROM = 32;
const HIDDEN = "••••";

/** Never print a secret whole, nor a meaningful share of it (see SHOW_FOUR_FROM). */
export function maskSecret(secret: string): string {
  if (secret.length === 0) return "(empty)";
  const prefix = KNOWN_PREFIXES.find((known) => secret.startsWith(known)) ?? "";
  const rest = secret.slice(prefix.length);
  if (rest.length < SHOW_FOUR_FROM) return `${prefix}${HIDDEN}`;
  const keep = rest.length >= SHOW_FIVE_FROM ? 3 : 2;
  return `${prefix}${rest.slice(0, 2)}…${rest.slice(-keep)}`;
}

/**
 * Shorter secrets are not searched for in text: every `abc` of a body would turn into dots. The
 * masks above never show any of them.
 */
export const MIN_REDACTED_LENGTH = 4;

/**
 * How a secret may be written where it appears: as it is, and percent-encoded the way a URL or a
 * form body carries it (`+` as `%2B`, in upper or lower case hex).
 */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret]);
  const encoded = encodeURIComponent(secret);
  forms.add(encoded);
  forms.add(encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
  return [...forms];
}

/** Every form of every secret worth searching for, longest first (a secret may hold another). */
export function searchedForms(secrets: readonly string[]): { form: string; mask: string }[] {
  const out: { form: string; mask: string }[] = [];
  for (const secret of secrets) {
    if (secret.length < MIN_REDACTED_LENGTH) continue;
    const mask = maskSecret(secret);
    for (const form of secretForms(secret)) out.push({ form, mask });
  }
  return out.sort((a, b) => b.form.length - a.form.length);
}

/** Replace every occurrence of each secret in a text (a path, a header, a body, a message). */
export function redact(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  let out = text;
  for (const { form, mask } of searchedForms(secrets)) {
    if (out.includes(form)) out = out.split(form).join(mask);
  }
  return out;
}

/**
 * A URL as it may be shown: known secrets masked, and the password of `user:password@` hidden
 * (it is a secret by nature, known or not).
 */
export function redactUrl(url: string, secrets: readonly string[]): string {
  const shown = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/i, `$1:${HIDDEN}@`);
  return redact(shown, secrets);
}
