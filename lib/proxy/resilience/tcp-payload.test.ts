import { describe, expect, it } from "vitest";
import { containsInOrder } from "./tcp-payload";

const hex = (text: string) => Buffer.from(text, "hex");

describe("containsInOrder", () => {
  it("finds the blocks in order with other bytes between them", () => {
    expect(containsInOrder(hex("0102ff0304"), [hex("02"), hex("03")])).toBe(true);
    expect(containsInOrder(Buffer.from("+PONG\r\n"), [Buffer.from("PONG")])).toBe(true);
  });

  it("fails when a block is missing or out of order", () => {
    expect(containsInOrder(hex("0302"), [hex("02"), hex("03")])).toBe(false);
    expect(containsInOrder(hex("02"), [hex("02"), hex("03")])).toBe(false);
    expect(containsInOrder(Buffer.alloc(0), [hex("00")])).toBe(false);
  });

  it("does not let one occurrence satisfy two blocks", () => {
    expect(containsInOrder(hex("0203"), [hex("0203"), hex("03")])).toBe(false);
    expect(containsInOrder(hex("020303"), [hex("0203"), hex("03")])).toBe(true);
  });

  it("passes when nothing is expected", () => {
    expect(containsInOrder(Buffer.alloc(0), [])).toBe(true);
  });
});
