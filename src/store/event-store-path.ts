import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where captured requests go by default: the user's state directory, the XDG place for data that
 * outlives a run but is not configuration (https://specifications.freedesktop.org/basedir-spec/).
 * macOS and Windows have no state directory, so their usual per-user application data is used.
 */
export function defaultStorePath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === "darwin") return join(home, "Library", "Application Support", "hooks", FILE);
  if (platform === "win32") {
    return join(env.LOCALAPPDATA ?? join(home, "AppData", "Local"), "hooks", FILE);
  }
  const state = env.XDG_STATE_HOME?.startsWith("/") ? env.XDG_STATE_HOME : undefined;
  return join(state ?? join(home, ".local", "state"), "hooks", FILE);
}

const FILE = "events.jsonl";
