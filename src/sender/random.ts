import { randomBytes } from "node:crypto";

export const HEX = "0123456789abcdef";
export const DIGITS = "0123456789";
/** Clover and Square ids: upper-case letters and digits (`XYZVJT2ZRRRSC`, `6VEKB6X1E99V8`). */
export const UPPER_ALNUM = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** Stripe and Square object ids mix cases (`pi_3MtwBwLkdIwHu7ix28a3tqPa`). */
export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// One randomBytes call per 8 KiB of ids: sample ids need to be fresh, not secret, and a call per
// id would cost more than the rest of a notification's rendering.
const POOL_SIZE = 8192;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

const scratch = Buffer.alloc(256);

/**
 * A random string over an ASCII alphabet of at most 256 symbols (a small modulo bias is fine for
 * sample ids). Built in a byte buffer: concatenating characters one by one makes a rope of tiny
 * strings for the garbage collector on every id.
 */
export function randomChars(alphabet: string, length: number): string {
  if (offset + length > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const size = alphabet.length;
  for (let i = 0; i < length; i += 1) {
    scratch[i] = alphabet.charCodeAt((pool[offset + i] as number) % size);
  }
  offset += length;
  return scratch.toString("latin1", 0, length);
}

/** A random integer in [min, max], both inclusive. */
export function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}
