/**
 * Request ids: `req_` then the time in base 36 then randomness, so ids sort by arrival (in
 * `hooks events list` and in a plain `sort`) and a few leading characters pick one out.
 */
export function newRequestId(now: number = Date.now()): string {
  // Under load many requests share a millisecond: its base-36 prefix is made once.
  if (now !== lastNow) {
    lastNow = now;
    lastPrefix = `req_${now.toString(36)}`;
  }
  // Six base-36 digits from one random number, two at a time from a table: the same digits
  // `toString(36).padStart(6, "0")` would give, at a fraction of its cost.
  const random = Math.floor(Math.random() * 36 ** 6);
  const high = Math.floor(random / PAIRS_COUNT ** 2);
  const middle = Math.floor(random / PAIRS_COUNT) % PAIRS_COUNT;
  return `${lastPrefix}${PAIRS[high]}${PAIRS[middle]}${PAIRS[random % PAIRS_COUNT]}`;
}

const PAIRS_COUNT = 36 * 36;
/** "00" to "zz": every two-digit base-36 number. */
const PAIRS = Array.from({ length: PAIRS_COUNT }, (_, n) => n.toString(36).padStart(2, "0"));

let lastNow = Number.NaN;
let lastPrefix = "";
