import { randomBytes } from "node:crypto";

/** 96 random bits per nonce: unrelated to versions and never repeated in practice. */
export function randomNonce(): string {
  return randomBytes(12).toString("base64url");
}
