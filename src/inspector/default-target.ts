import { forwardUrl } from "../listener/forward.js";
import type { InspectorRecord } from "./entry-summary.js";

export function defaultTarget(
  record: InspectorRecord,
  options: { forwardTo: string | undefined; localUrl: string },
): string {
  // A replay is replayed where it went.
  if (record.replayOf !== undefined && record.url) return record.url;
  if (options.forwardTo) return forwardUrl(options.forwardTo, record.path);
  return `${options.localUrl.replace(/\/+$/, "")}${record.path}`;
}
