import type { Profile } from "../store/profiles.js";

/** A saved secret belongs to the saved provider: switching provider must not carry it over. */
export function canKeepSecret(existing: Profile, provider: string | undefined): boolean {
  return (
    (existing.secrets ?? []).length > 0 &&
    (!existing.provider || !provider || existing.provider === provider)
  );
}
