import type { RequestRecord } from "../store/event-store-record.js";
import type { InspectorRecord } from "./entry-summary.js";
import type { ReplayFn, ReplayOutcome, ReplayRequest } from "./replay-entry.js";

/**
 * Replays, watching what the listener captures meanwhile: a replay sent to this listener (the
 * default without --forward-to) is captured there as a request of its own, stored and listed
 * before the listener answers, so it needs no second entry.
 */
export async function replayWatchingCapture(
  original: InspectorRecord,
  request: ReplayRequest,
  replay: ReplayFn,
  watchers: Set<(record: RequestRecord) => void>,
): Promise<{ outcome: ReplayOutcome; capturedAs: string | undefined }> {
  const target = new URL(request.to);
  const path = `${target.pathname}${target.search}`;
  let capturedAs: string | undefined;
  const watch = (record: RequestRecord): void => {
    if (
      capturedAs === undefined &&
      record.id !== original.id &&
      record.method === original.method &&
      record.path === path &&
      record.body === original.body
    ) {
      capturedAs = record.id;
    }
  };
  watchers.add(watch);
  try {
    const outcome = await replay(original, request);
    return { outcome, capturedAs };
  } finally {
    watchers.delete(watch);
  }
}
