/**
 * Joins a history sent in frames (`history`, then `history-page` until one is complete) into one
 * history; calls `done` with it once complete. Replays made from the page come last: sorted in by
 * time (the sort is stable, so the store's order breaks ties).
 */
export function historyCollector(done) {
  let pending;
  const add = (page) => {
    if (!pending) return;
    for (const entry of page.entries) pending.entries.push(entry);
    if (!page.complete) return;
    const history = pending;
    pending = undefined;
    if (history.entries.some((entry) => entry.replayOf !== undefined)) {
      history.entries.sort((a, b) =>
        a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0,
      );
    }
    done(history);
  };
  return {
    start(first) {
      pending = { ...first, entries: [] };
      add(first);
    },
    page: add,
  };
}
