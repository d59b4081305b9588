// A small direct-mapped cache from UTF-8 bytes to strings, for attribute keys and other short strings that
// repeat across spans ("http.request.method", "GET", span names). A hit skips decoding and, more importantly,
// returns a string V8 has already internalized, which makes storing it as an object key several times cheaper
// than with a fresh string. Shared by all requests; bounded at SLOT_COUNT entries of MAX_CACHED_BYTES.

const SLOT_COUNT = 4096;
export const MAX_CACHED_BYTES = 32;

const arena = new Uint8Array(SLOT_COUNT * MAX_CACHED_BYTES);
const lengths = new Int32Array(SLOT_COUNT).fill(-1);
const strings: string[] = new Array<string>(SLOT_COUNT).fill("");

/**
 * The string for bytes[start, end) (at most MAX_CACHED_BYTES long): from the cache when the same bytes were
 * seen before, otherwise from `decode`, which is then remembered.
 */
export function cachedString(
  bytes: Uint8Array,
  start: number,
  end: number,
  decode: (start: number, end: number) => string,
): string {
  const length = end - start;
  // Hash the length, both ends and the middle only: strings that differ elsewhere merely share a slot.
  let hash = Math.imul(length, 0x9e3779b1);
  const head = Math.min(end, start + 4);
  for (let i = start; i < head; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  const tail = Math.max(head, end - 4);
  for (let i = tail; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  hash = Math.imul(hash ^ bytes[start + (length >>> 1)]!, 0x01000193);
  const slot = (hash ^ (hash >>> 15)) & (SLOT_COUNT - 1);
  const base = slot * MAX_CACHED_BYTES;
  if (lengths[slot] === length) {
    let same = true;
    for (let i = 0; i < length; i++) {
      if (arena[base + i] !== bytes[start + i]) {
        same = false;
        break;
      }
    }
    if (same) return strings[slot]!;
  }
  const text = decode(start, end);
  arena.set(bytes.subarray(start, end), base);
  lengths[slot] = length;
  strings[slot] = text;
  return text;
}
