import type { ReplayFn } from "./replay-entry.js";

/**
 * The inspector's replay is `hooks events replay`'s (src/listener/replay.ts): the same request,
 * the same re-signing, the same HTTP client, with the listener's secrets. The headers are made
 * once and both sent and shown, so the new entry shows exactly what went out.
 */
export function listenerReplay(
  secrets: readonly string[],
  clock: () => number = Date.now,
): ReplayFn {
  return async (record, { to, resign }) => {
    const { replayHeaders, sendReplay } = await import("../listener/replay.js");
    const options = { to, resign, secret: [...secrets], now: Math.floor(clock() / 1000) };
    const headers = await replayHeaders(record, options);
    const result = await sendReplay(record, headers, options);
    return {
      headers,
      resigned: result.resigned,
      status: result.status,
      durationMs: result.durationMs,
      error: result.error,
    };
  };
}
