/**
 * Version 4 UUIDs for x-request-id on the per-request path. node:crypto's randomUUID builds each one from
 * twenty string concatenations (~730 bytes of garbage per request); this writes the 36 characters into a
 * scratch buffer and makes one string, from random bytes fetched 4 KiB at a time.
 */
import { randomFillSync } from "node:crypto";

const HEX = Buffer.from("0123456789abcdef", "latin1");
/** Where each of the 16 bytes goes in "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx". */
const POSITIONS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

export function uuidV4Generator(poolBytes = 4096): () => string {
  const pool = Buffer.allocUnsafe(poolBytes - (poolBytes % 16) || 16);
  const text = Buffer.from("00000000-0000-4000-8000-000000000000", "latin1");
  let offset = pool.length;
  return () => {
    if (offset === pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    for (let i = 0; i < 16; i++) {
      let byte = pool[offset + i]!;
      if (i === 6)
        byte = (byte & 0x0f) | 0x40; // version 4
      else if (i === 8) byte = (byte & 0x3f) | 0x80; // RFC 9562 variant
      const at = POSITIONS[i]!;
      text[at] = HEX[byte >> 4]!;
      text[at + 1] = HEX[byte & 0x0f]!;
    }
    offset += 16;
    return text.toString("latin1", 0, 36);
  };
}
