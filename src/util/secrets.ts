/** Never print a secret whole: keep a short prefix and suffix (`whsec_Mf…SSw`). */
export function maskSecret(secret: string): string {
  if (secret.length === 0) return "(empty)";
  const prefix = /^(whsec_|whsk_|sk_|shpss_)/.exec(secret)?.[0] ?? "";
  const rest = secret.slice(prefix.length);
  if (rest.length <= 6) return `${prefix}${"•".repeat(Math.min(rest.length, 3))}`;
  const keep = rest.length >= 16 ? 3 : 2;
  return `${prefix}${rest.slice(0, 2)}…${rest.slice(-keep)}`;
}

/** Replace every occurrence of each secret in a text (for error messages and logs). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(maskSecret(secret));
  }
  return out;
}
