/**
 * Maps with 64-bit integer keys, as protobufjs builds them. Its decoder stores an entry under an
 * 8-character string of the key's bytes (under "0" when the entry has no key), and toObject turns those
 * strings into decimals afterwards, in JavaScript's property order: integer-like names first, then
 * insertion order. So a key-less entry and an explicit key 0 are two entries that both become "0", the
 * key-less one converted first; and a byte string that reads as a decimal is kept as it is. The decoder
 * keeps the same byte-keyed object beside each such map and rebuilds the map from it.
 */
import { Kind } from "./compiled";
import { signedDecimal, unsignedDecimal } from "./int64";
import type { WireReader } from "./reader";

const DECIMAL = /^-?(?:0|[1-9][0-9]*)$/;

export function isLongKey(kind: number): boolean {
  return kind >= Kind.Int64 && kind <= Kind.Sfixed64;
}

/** Reads a 64-bit key and returns the property name protobufjs's decoder stores it under. */
export function readLongKey(reader: WireReader, kind: number): string {
  let lo: number;
  let hi: number;
  if (kind === Kind.Fixed64 || kind === Kind.Sfixed64) reader.fixed64();
  else reader.varint64();
  lo = reader.lo;
  hi = reader.hi;
  if (kind === Kind.Sint64) {
    const mask = -(lo & 1);
    lo = (((lo >>> 1) | (hi << 31)) ^ mask) >>> 0;
    hi = ((hi >>> 1) ^ mask) >>> 0;
  }
  return String.fromCharCode(
    lo & 255,
    (lo >>> 8) & 255,
    (lo >>> 16) & 255,
    lo >>> 24,
    hi & 255,
    (hi >>> 8) & 255,
    (hi >>> 16) & 255,
    hi >>> 24,
  );
}

/** The key an entry without one is stored under (protobufjs's number 0). */
export const ABSENT_LONG_KEY = "0";

/** Rewrites `map` from the byte-keyed entries, as toObject would. */
export function rebuildLongKeyMap(
  map: Record<string, unknown>,
  stored: Record<string, unknown>,
  kind: number,
): void {
  for (const name of Object.keys(map)) delete map[name];
  const unsigned = kind === Kind.Uint64 || kind === Kind.Fixed64;
  for (const stored_key of Object.keys(stored)) map[decimalName(stored_key, unsigned)] = stored[stored_key];
}

function decimalName(key: string, unsigned: boolean): string {
  if (key.length !== 8 || DECIMAL.test(key)) return key;
  const byte = (i: number) => key.charCodeAt(i);
  const lo = (byte(0) | (byte(1) << 8) | (byte(2) << 16) | (byte(3) << 24)) >>> 0;
  const hi = (byte(4) | (byte(5) << 8) | (byte(6) << 16) | (byte(7) << 24)) >>> 0;
  return unsigned ? unsignedDecimal(lo, hi) : signedDecimal(lo, hi);
}
