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
  const random = Math.floor(Math.random() * 36 ** 6)
    .toString(36)
    .padStart(6, "0");
  return `${lastPrefix}${random}`;
}

let lastNow = Number.NaN;
let lastPrefix = "";
