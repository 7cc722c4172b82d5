import { forwardTarget, forwardUrl } from "../listener/forward.js";
import type { Route } from "../listener/routes.js";
import type { InspectorRecord } from "./entry-summary.js";

export function defaultTarget(
  record: InspectorRecord,
  options: {
    forwardTo: string | undefined;
    routes?: readonly Route[] | undefined;
    localUrl: string;
  },
): string {
  // A replay is replayed where it went.
  if (record.replayOf !== undefined && record.url) return record.url;
  // Where the record's route sends it; one no rule takes goes to the listener itself.
  if (options.routes && options.routes.length > 0) {
    const target = forwardTarget(options.routes, record);
    if (target) return target.url;
  } else if (options.forwardTo) return forwardUrl(options.forwardTo, record.path);
  return `${options.localUrl.replace(/\/+$/, "")}${record.path}`;
}
