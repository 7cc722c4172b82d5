import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export type HmacAlgorithm = "sha1" | "sha256";

/**
 * HMAC of the parts, in order. HMAC-SHA256 of a small message (a typical webhook) is computed
 * here in JavaScript from the key's precomputed pad states (hmacSha256Small): node:crypto's
 * createHmac costs a few microseconds per call in setting up, which in `hooks listen` under load
 * is the largest share of checking a signature. Bigger messages, and SHA-1, go to node:crypto.
 */
export function hmac(
  algorithm: HmacAlgorithm,
  key: string | Buffer,
  ...parts: (string | Uint8Array)[]
): Buffer {
  if (algorithm === "sha256") {
    const digest = hmacSha256Small(key, parts);
    if (digest) return digest;
  }
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Constant-time comparison; a length mismatch is a mismatch, never a throw. */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  // Two strings (signatures as the headers carry them) are compared where they are: encoding
  // both into Buffers first costs two allocations per check on the listener's hot path.
  if (typeof a === "string" && typeof b === "string") {
    if (a.length !== b.length) return false;
    let difference = 0;
    for (let i = 0; i < a.length; i += 1) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
    return difference === 0;
  }
  const left = Buffer.isBuffer(a) ? a : Buffer.from(a);
  const right = Buffer.isBuffer(b) ? b : Buffer.from(b);
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * True when `value` is standard base64 of exactly `bytes` bytes: a header that is not is
 * malformed (hex, base64url, truncated) rather than a wrong signature, which is worth telling apart.
 */
export function isBase64Digest(value: string, bytes: number): boolean {
  return (
    value.length === 4 * Math.ceil(bytes / 3) &&
    BASE64.test(value) &&
    Buffer.from(value, "base64").length === bytes
  );
}

/** Current time in whole Unix seconds. */
export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Messages up to this size take the JavaScript path: past about this many 64-byte blocks,
 * node:crypto's native SHA-256 wins back its setup cost.
 */
export const SMALL_HMAC_BYTES = 512;

// SHA-256 as specified in FIPS 180-4 (sections 4.1.2, 4.2.2, 5.1.1, 5.3.3, 6.2.2); HMAC as in
// RFC 2104: H((K ^ opad) || H((K ^ ipad) || message)), with a key over 64 bytes hashed first.
const ROUND_CONSTANTS = Int32Array.from(
  "428a2f98 71374491 b5c0fbcf e9b5dba5 3956c25b 59f111f1 923f82a4 ab1c5ed5 d807aa98 12835b01 243185be 550c7dc3 72be5d74 80deb1fe 9bdc06a7 c19bf174 e49b69c1 efbe4786 0fc19dc6 240ca1cc 2de92c6f 4a7484aa 5cb0a9dc 76f988da 983e5152 a831c66d b00327c8 bf597fc7 c6e00bf3 d5a79147 06ca6351 14292967 27b70a85 2e1b2138 4d2c6dfc 53380d13 650a7354 766a0abb 81c2c92e 92722c85 a2bfe8a1 a81a664b c24b8b70 c76c51a3 d192e819 d6990624 f40e3585 106aa070 19a4c116 1e376c08 2748774c 34b0bcb5 391c0cb3 4ed8aa4a 5b9cca4f 682e6ff3 748f82ee 78a5636f 84c87814 8cc70208 90befffa a4506ceb bef9a3f7 c67178f2"
    .split(" ")
    .map((word) => Number.parseInt(word, 16)),
);
const INITIAL_STATE = Int32Array.from(
  "6a09e667 bb67ae85 3c6ef372 a54ff53a 510e527f 9b05688c 1f83d9ab 5be0cd19"
    .split(" ")
    .map((word) => Number.parseInt(word, 16)),
);
const schedule = new Int32Array(64);
const state = new Int32Array(8);
// Room for the longest small message after the 64-byte inner pad block, with its padding.
const scratch = Buffer.alloc(SMALL_HMAC_BYTES + 128);
const outerBlock = Buffer.alloc(64);
const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** Runs the SHA-256 compression function over the 64-byte block at `offset`, into `hash`. */
function compress(hash: Int32Array, block: Uint8Array, offset: number): void {
  const w = schedule;
  for (let i = 0; i < 16; i += 1) {
    const j = offset + i * 4;
    w[i] =
      ((block[j] ?? 0) << 24) |
      ((block[j + 1] ?? 0) << 16) |
      ((block[j + 2] ?? 0) << 8) |
      (block[j + 3] ?? 0);
  }
  for (let i = 16; i < 64; i += 1) {
    const x = w[i - 15] ?? 0;
    const y = w[i - 2] ?? 0;
    const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
    const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
    w[i] = ((w[i - 16] ?? 0) + s0 + (w[i - 7] ?? 0) + s1) | 0;
  }
  let a = hash[0] ?? 0;
  let b = hash[1] ?? 0;
  let c = hash[2] ?? 0;
  let d = hash[3] ?? 0;
  let e = hash[4] ?? 0;
  let f = hash[5] ?? 0;
  let g = hash[6] ?? 0;
  let h = hash[7] ?? 0;
  for (let i = 0; i < 64; i += 1) {
    const t1 =
      (h +
        (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
        ((e & f) ^ (~e & g)) +
        (ROUND_CONSTANTS[i] ?? 0) +
        (w[i] ?? 0)) |
      0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  hash[0] = ((hash[0] ?? 0) + a) | 0;
  hash[1] = ((hash[1] ?? 0) + b) | 0;
  hash[2] = ((hash[2] ?? 0) + c) | 0;
  hash[3] = ((hash[3] ?? 0) + d) | 0;
  hash[4] = ((hash[4] ?? 0) + e) | 0;
  hash[5] = ((hash[5] ?? 0) + f) | 0;
  hash[6] = ((hash[6] ?? 0) + g) | 0;
  hash[7] = ((hash[7] ?? 0) + h) | 0;
}

interface PadStates {
  /** A copy of the key the states were made from (a Buffer can change after it was cached). */
  key: Buffer;
  inner: Int32Array;
  outer: Int32Array;
}

/** Secrets are few and reused: each key's pad states are computed once. */
const padStates = new Map<string | Buffer, PadStates>();
const PAD_STATES_MAX = 32;

function padStatesFor(key: string | Buffer): PadStates {
  const cached = padStates.get(key);
  if (cached && (typeof key === "string" || cached.key.equals(key))) return cached;
  let bytes = Buffer.from(key);
  if (bytes.length > 64) bytes = createHash("sha256").update(bytes).digest();
  const pad = (value: number): Int32Array => {
    const block = Buffer.alloc(64, value);
    for (let i = 0; i < bytes.length; i += 1) block[i] = (block[i] ?? 0) ^ (bytes[i] ?? 0);
    const hash = Int32Array.from(INITIAL_STATE);
    compress(hash, block, 0);
    return hash;
  };
  const states = { key: Buffer.from(key), inner: pad(0x36), outer: pad(0x5c) };
  if (padStates.size >= PAD_STATES_MAX) padStates.clear();
  padStates.set(key, states);
  return states;
}

/** HMAC-SHA256 of the parts, or undefined when they are over SMALL_HMAC_BYTES together. */
export function hmacSha256Small(
  key: string | Buffer,
  parts: readonly (string | Uint8Array)[],
): Buffer | undefined {
  let length = 0;
  for (const part of parts) {
    length += typeof part === "string" ? Buffer.byteLength(part) : part.length;
    if (length > SMALL_HMAC_BYTES) return undefined;
  }
  const { inner, outer } = padStatesFor(key);
  let offset = 0;
  for (const part of parts) {
    if (typeof part === "string") {
      offset += scratch.write(part, offset);
    } else {
      scratch.set(part, offset);
      offset += part.length;
    }
  }
  // Padding: 0x80, zeros, then the bit length of everything hashed (pad block included).
  const padded = (length + 9 + 63) & ~63;
  scratch.fill(0, length, padded);
  scratch[length] = 0x80;
  scratch.writeUInt32BE((length + 64) * 8, padded - 4);
  state.set(inner);
  for (let block = 0; block < padded; block += 64) compress(state, scratch, block);
  for (let i = 0; i < 8; i += 1) outerBlock.writeInt32BE(state[i] ?? 0, i * 4);
  outerBlock.fill(0, 32);
  outerBlock[32] = 0x80;
  outerBlock.writeUInt32BE((64 + 32) * 8, 60);
  state.set(outer);
  compress(state, outerBlock, 0);
  const digest = Buffer.allocUnsafe(32);
  for (let i = 0; i < 8; i += 1) digest.writeInt32BE(state[i] ?? 0, i * 4);
  return digest;
}
