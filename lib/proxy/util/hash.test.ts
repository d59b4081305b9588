import { describe, expect, it } from "vitest";
import { combineHashes, xxh32, xxh32Bytes } from "./hash";

// Reference values checked against an independent XXH32 implementation (xxhash-wasm) when this was written.
const vectors: Array<[string, number, number]> = [
  ["", 0, 0x02cc5d05],
  ["", 1, 0x0b2cb792],
  ["a", 0, 0x550d7456],
  ["abc", 0, 0x32d153ff],
  ["abc", 1, 0xaa3da8ff],
  ["Nobody inspects the spammish repetition", 0, 0xe2293b2f],
  ["Nobody inspects the spammish repetition", 0x9747b28c, 0x70b91719],
  ["0123456789abcdef", 0, 0xc2c45b69],
  ["10.0.0.1:8080_17", 1, 0x6d201aae],
  ["héllo wörld ✓ 0123456789abcdefghij", 0, 0x239e6898],
];

describe("xxh32", () => {
  it.each(vectors)("hashes %j with seed %d", (text, seed, expected) => {
    expect(xxh32(text, seed)).toBe(expected);
  });

  it("hashes bytes the same as their UTF-8 string", () => {
    expect(xxh32Bytes(new TextEncoder().encode("abc"))).toBe(0x32d153ff);
  });

  it("always returns an unsigned 32-bit integer", () => {
    for (let i = 0; i < 1000; i++) {
      const h = xxh32(`key-${i}`);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });
});

describe("combineHashes", () => {
  it("rotates the previous hash left by one bit before xor", () => {
    expect(combineHashes(0x80000001, 0)).toBe(0x00000003);
    expect(combineHashes(1, 1)).toBe(3);
  });
});
