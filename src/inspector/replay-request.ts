import type { Route } from "../listener/routes.js";
import { defaultTarget } from "./default-target.js";
import type { InspectorRecord } from "./entry-summary.js";
import { parseReplayTarget } from "./parse-replay-target.js";
import type { ReplayRequest } from "./replay-entry.js";

/** Where the replay goes and whether it is signed again, or why it cannot be. */
export function replayRequest(
  original: InspectorRecord,
  fields: Record<string, unknown>,
  options: {
    secrets: readonly string[];
    forwardTo: string | undefined;
    routes?: readonly Route[] | undefined;
    localUrl: string;
  },
): ReplayRequest | { error: string } {
  const to =
    typeof fields.to === "string" && fields.to.trim() !== ""
      ? parseReplayTarget(fields.to.trim())
      : defaultTarget(original, options);
  if (!to) return { error: `not an http(s) URL: ${String(fields.to)}` };
  const resign = fields.resign === true;
  if (resign && options.secrets.length === 0) {
    return {
      error:
        "no secret known to sign with: start hooks listen with --secret, HOOKS_SECRET or a profile",
    };
  }
  return { to, resign };
}
