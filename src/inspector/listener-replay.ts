import { endToEndHeaders } from "../listener/forward.js";
import type { ReplayFn } from "./replay-entry.js";
import { resignHeaders } from "./resign-headers.js";

/**
 * The inspector's replay is `hooks events replay`'s (src/listener/replay.ts): the same request,
 * the same re-signing, with the listener's secrets. The time is fixed here and handed over, so
 * the headers shown for the new entry are exactly the ones that were sent.
 */
export function listenerReplay(
  secrets: readonly string[],
  clock: () => number = Date.now,
): ReplayFn {
  return async (record, { to, resign }) => {
    const now = Math.floor(clock() / 1000);
    const { replayRecord } = await import("../listener/replay.js");
    const result = await replayRecord(record, { to, resign, secret: [...secrets], now });
    const secret = secrets[0];
    const resigned =
      resign && secret !== undefined ? resignHeaders(record, { secret, url: to, now }) : undefined;
    return {
      headers: resigned?.ok ? resigned.headers : endToEndHeaders(record.headers),
      resigned: result.resigned,
      status: result.status,
      durationMs: result.durationMs,
      error: result.error,
    };
  };
}
