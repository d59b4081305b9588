/**
 * Trace and span ids for production: random bytes from the operating system, fetched 4 KiB at a time
 * and hex-encoded natively (the per-request path), never all zero. Tests use a seeded Random instead.
 */
import { randomFillSync } from "node:crypto";

export interface IdGenerator {
  traceId(): string;
  spanId(): string;
}

export function randomIds(poolBytes = 4096): IdGenerator {
  const pool = Buffer.allocUnsafe(poolBytes);
  let offset = poolBytes;
  const next = (bytes: number): string => {
    for (;;) {
      if (offset + bytes > poolBytes) {
        randomFillSync(pool);
        offset = 0;
      }
      const hex = pool.toString("hex", offset, offset + bytes);
      offset += bytes;
      if (!ZERO.test(hex)) return hex;
    }
  };
  return { traceId: () => next(16), spanId: () => next(8) };
}

const ZERO = /^0+$/;
