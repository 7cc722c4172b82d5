import { describeForwardError, type Forwarder } from "../listener/forward.js";
import { recordBody } from "../store/event-store-record.js";
import type { ReplayFn } from "./replay-entry.js";
import { resignHeaders } from "./resign-headers.js";

/**
 * Replays through the listener's forwarder (the same hop-by-hop handling as `--forward-to`),
 * signing again with the first secret when asked.
 */
export function forwarderReplay(
  forwarder: Forwarder,
  secrets: readonly string[],
  clock: () => number = Date.now,
): ReplayFn {
  return async (record, { to, resign }) => {
    let headers = { ...record.headers };
    const secret = secrets[0];
    if (resign) {
      if (secret === undefined) throw new Error("no secret known to sign with");
      const fresh = resignHeaders(record, { secret, url: to, now: Math.floor(clock() / 1000) });
      if (!fresh.ok) throw new Error(`cannot sign again: ${fresh.reason}`);
      headers = fresh.headers;
    }
    const started = performance.now();
    try {
      const response = await forwarder.send(to, {
        method: record.method,
        headers,
        body: recordBody(record),
      });
      return {
        headers,
        resigned: resign,
        response,
        durationMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      return {
        headers,
        resigned: resign,
        durationMs: Math.round(performance.now() - started),
        error: describeForwardError(to, error),
      };
    }
  };
}
