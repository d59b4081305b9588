/**
 * 64-bit integers from their two unsigned 32-bit halves to decimal strings, as protobufjs's
 * `toObject(..., { longs: String })` writes them. Doubles when exact, bigint only for the rest.
 */

const TWO_POW_32 = 4294967296;
/** Below this high word an unsigned value is under 2^53, so a double holds it exactly. */
const SAFE_HIGH = 0x200000;
/** From this high word a negative value is at least -2^53. */
const SAFE_NEGATIVE_HIGH = 0xffe00000;

export function unsignedDecimal(lo: number, hi: number): string {
  if (hi === 0) return String(lo);
  if (hi < SAFE_HIGH) return String(hi * TWO_POW_32 + lo);
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

export function signedDecimal(lo: number, hi: number): string {
  if (hi < 0x80000000) return unsignedDecimal(lo, hi);
  if (hi >= SAFE_NEGATIVE_HIGH) return String((hi - TWO_POW_32) * TWO_POW_32 + lo);
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** sint64: zigzag-encoded, (n >>> 1) ^ -(n & 1) over 64 bits. */
export function zigzagDecimal(lo: number, hi: number): string {
  const mask = -(lo & 1);
  return signedDecimal((((lo >>> 1) | (hi << 31)) ^ mask) >>> 0, ((hi >>> 1) ^ mask) >>> 0);
}
