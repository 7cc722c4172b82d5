import { UsageError } from "../errors.js";

export interface SecretSources {
  /** Repeated `--secret` flags (key rotation: any one may match). */
  flags?: readonly string[] | undefined;
  /** `--profile`, else HOOKS_PROFILE, else the default profile. */
  profile?: string | undefined;
}

/**
 * Secrets come from `--secret`, then HOOKS_SECRET, then the active profile (CONTRACT.md).
 * The profile store (conf) is imported only when the first two are empty, keeping start-up light.
 */
export async function resolveSecrets(sources: SecretSources): Promise<string[]> {
  if (sources.flags && sources.flags.length > 0) return [...sources.flags];
  const fromEnv = process.env.HOOKS_SECRET;
  if (fromEnv) return [fromEnv];
  const { readProfile } = await import("../store/profiles.js");
  const profile = await readProfile(sources.profile);
  return profile?.secrets ?? [];
}

/** Like resolveSecrets, but no secret at all is a usage error that says where to put one. */
export async function requireSecrets(
  sources: SecretSources,
  providerId: string,
): Promise<string[]> {
  const secrets = await resolveSecrets(sources);
  if (secrets.length === 0) {
    throw new UsageError(
      `missing secret for ${providerId}: pass --secret <s>, set HOOKS_SECRET, or save one with \`hooks config set secret <s>\``,
    );
  }
  return secrets;
}
