/**
 * Saved profiles (conf). Minimal reader used by secret resolution; `hooks config` (issue 5)
 * builds the editing side on top of it.
 */
export interface Profile {
  provider?: string;
  secrets?: string[];
  url?: string;
  port?: number;
  forwardTo?: string;
  tunnel?: "cloudflared" | "none";
  publicUrl?: string;
}

export function activeProfileName(flag?: string): string {
  return flag ?? process.env.HOOKS_PROFILE ?? "default";
}

export async function readProfile(name?: string): Promise<Profile | undefined> {
  const { default: Conf } = await import("conf");
  const store = new Conf<{ profiles: Record<string, Profile> }>({
    projectName: "hooks",
    projectSuffix: "",
    configFileMode: 0o600,
  });
  return store.get("profiles")?.[activeProfileName(name)];
}
