import { frame, type HistorySource } from "./event-stream.js";
import type { StoreIndex } from "./store-index.js";

/** The history goes to a page in frames of about this size, read from the index as it drains. */
const HISTORY_FRAME_BYTES = 64 * 1024;

/**
 * A stream's history: a `history` frame (what the page needs to know, and the first entries),
 * then `history-page` frames until one says `"complete":true`. Each is made from the shared
 * index only when the page's socket takes more, so a page holds a cursor, not a copy; the
 * replays made from the page (at most REPLAYS_KEPT, in inspector-api.ts) come last, and the page
 * sorts them in. `info` is the history's JSON object without its entries; `replaySummaries` gives
 * the replays' summaries as JSON when the index's entries run out.
 */
export function historyFrames(
  index: StoreIndex,
  info: string,
  replaySummaries: () => string[],
): HistorySource {
  const cursor = index.cursor();
  let replays: string[] | undefined;
  let first = true;
  let complete = false;
  return {
    next: () => {
      if (complete) return undefined;
      const entries = index.read(cursor, HISTORY_FRAME_BYTES);
      if (cursor.next >= cursor.end) {
        replays ??= replaySummaries();
        let bytes = entries.reduce((sum, text) => sum + text.length, 0);
        while (replays.length > 0 && bytes < HISTORY_FRAME_BYTES) {
          const text = replays.shift() as string;
          entries.push(text);
          bytes += text.length;
        }
        complete = replays.length === 0;
      }
      const data = `"entries":[${entries.join(",")}],"complete":${complete}}`;
      const text = first
        ? frame("history", `${info.slice(0, -1)},${data}`)
        : frame("history-page", `{${data}`);
      first = false;
      return text;
    },
  };
}
