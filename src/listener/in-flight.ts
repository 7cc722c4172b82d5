/**
 * The bytes of bodies the listener holds at once (read, being checked, stored, forwarded or
 * delayed, until answered), against a listener-wide limit: without it, many large bodies arriving
 * together hold many times --max-body.
 */
export interface InFlight {
  bytes: number;
  readonly limit: number;
}

/** Room for a few bodies of the largest size at once, and never less than this floor. */
export const IN_FLIGHT_BODIES = 4;
const MIN_IN_FLIGHT = 16 * 1024 * 1024;

/** --max-in-flight when not given: IN_FLIGHT_BODIES bodies of --max-body. */
export function defaultMaxInFlight(maxBody: number): number {
  return Math.max(IN_FLIGHT_BODIES * maxBody, MIN_IN_FLIGHT);
}
