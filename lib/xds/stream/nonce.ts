import { randomFillSync } from "node:crypto";

// One system call per 4 KiB of randomness instead of one per response: a push to 1,000 streams needs
// 1,000 nonces at once.
const POOL_BYTES = 4096;
const NONCE_BYTES = 12;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** 96 random bits per nonce: unrelated to versions and never repeated in practice. */
export function randomNonce(): string {
  if (offset + NONCE_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const nonce = pool.toString("base64url", offset, offset + NONCE_BYTES);
  offset += NONCE_BYTES;
  return nonce;
}
