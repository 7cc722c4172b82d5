import { randomBytes } from "node:crypto";

export type SecretKind = "whsec" | "random";

/**
 * A fresh secret for providers where the user chooses it. `whsec` follows Standard Webhooks
 * (whsec_ + base64 of 24 random bytes, a 192-bit key, the size the spec's own libraries create);
 * `random` is 32 random bytes as hex, safe to paste into JSON, YAML and shell alike.
 */
export function generateSecret(
  kind: SecretKind,
  random: (size: number) => Buffer = randomBytes,
): string {
  return kind === "whsec" ? `whsec_${random(24).toString("base64")}` : random(32).toString("hex");
}
