import { describeSource, type Settings } from "../config/resolve.js";
import { UsageError } from "../errors.js";

/**
 * The named tunnel `hooks listen` runs, or undefined for a quick tunnel (or none). A token
 * (--tunnel-token, CLOUDFLARED_TOKEN, the profile's tunnelToken) needs --public-url: a named
 * tunnel's hostname is configured at Cloudflare, and cloudflared never prints it.
 */
export function namedTunnel(
  settings: Pick<Settings, "tunnel" | "tunnelToken" | "publicUrl" | "sources" | "profile">,
): { token: string; publicUrl: string } | undefined {
  const token = settings.tunnelToken;
  if (token === undefined) return undefined;
  const from = describeSource(settings, "tunnelToken") ?? "tunnelToken";
  if (settings.tunnel === "none") {
    // A saved or exported token does not override a tunnel turned off for this run.
    if (settings.sources.tunnelToken !== "flag") return undefined;
    throw new UsageError(
      "--tunnel-token runs a named tunnel, and --tunnel none turns tunnels off: leave out one of them",
    );
  }
  if (settings.publicUrl === undefined) {
    throw new UsageError(
      `a tunnel token (from ${from}) needs --public-url: the public hostname you gave the tunnel at Cloudflare, e.g. --public-url https://hooks.example.com (cloudflared does not print it)`,
    );
  }
  return { token, publicUrl: settings.publicUrl };
}
