import { describe, expect, it } from "vitest";
import { uuidV4Generator } from "./uuid";

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("uuidV4Generator", () => {
  it("gives RFC 9562 version 4 UUIDs, different every time, across pool refills", () => {
    const next = uuidV4Generator(64); // four UUIDs per refill
    const seen = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      const id = next();
      expect(id).toMatch(V4);
      seen.add(id);
    }
    expect(seen.size).toBe(1_000);
  });

  it("uses every hex digit in every free position (the bytes are spread, not repeated)", () => {
    const next = uuidV4Generator();
    const digits = Array.from({ length: 36 }, () => new Set<string>());
    for (let i = 0; i < 2_000; i++) {
      const id = next();
      for (let at = 0; at < id.length; at++) digits[at]!.add(id[at]!);
    }
    expect(digits.map((d) => d.size)).toEqual(
      [..."xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"].map((c) => (c === "x" ? 16 : c === "y" ? 4 : 1)),
    );
  });
});
