import type { ListenSession } from "./listen-session.js";
import { requestBrief } from "./request-brief.js";
import type { RequestBrief } from "./listen-session-types.js";

/** One request `--expect` counted, as a report (`--junit`) shows it. */
export interface ExpectedArrival extends RequestBrief {
  /** How long hooks took to answer it. */
  durationMs: number;
  duplicateOf?: string;
}

/** The first `expected` requests of a session, and how many more came. */
export interface ExpectedArrivals {
  startedAt: string;
  arrivals: ExpectedArrival[];
  extra: number;
}

/**
 * Records what `--expect n` counts, for a report: every answered and stored request, in the order
 * it was answered, the first n kept whole. Requests cut off mid-body, filtered out by --events or
 * not stored are not counted by --expect (src/listener/listen-session.ts), nor here.
 */
export function watchArrivals(session: ListenSession, expected: number): ExpectedArrivals {
  const watched: ExpectedArrivals = { startedAt: new Date().toISOString(), arrivals: [], extra: 0 };
  session.on("response", (record) => {
    if (record.filtered || record.response === undefined) return;
    // Past n, or after the session settled early on one not valid: counted apart, as the summary
    // counts them (afterExpect).
    if (session.expectDone || watched.arrivals.length >= expected) {
      watched.extra += 1;
      return;
    }
    const arrival: ExpectedArrival = {
      ...requestBrief(record, record.response.status),
      durationMs: record.response.durationMs,
    };
    if (record.duplicateOf !== undefined) arrival.duplicateOf = record.duplicateOf;
    watched.arrivals.push(arrival);
  });
  return watched;
}
