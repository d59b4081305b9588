import { describe, expect, it } from "vitest";
import { DecodeError } from "../decode-error";
import { encodeMessage } from "../testing/proto-builder";
import { ProtoReader } from "./wire";

/** A reader positioned after the tag of a single varint field 1. */
function varintReader(value: bigint | number): ProtoReader {
  const reader = new ProtoReader(encodeMessage([{ field: 1, varint: value }]));
  reader.tag();
  return reader;
}

describe("ProtoReader", () => {
  it.each<[bigint, number | string]>([
    [0n, 0],
    [300n, 300],
    [2n ** 32n, 2 ** 32],
    [2n ** 53n - 1n, Number.MAX_SAFE_INTEGER],
    [2n ** 53n, "9007199254740992"],
    [-1n, -1],
    [-(2n ** 53n) + 1n, Number.MIN_SAFE_INTEGER],
    [-(2n ** 53n), "-9007199254740992"],
    [-(2n ** 63n), "-9223372036854775808"],
  ])("reads int64 %s exactly", (value, expected) => {
    expect(varintReader(value).int64Value()).toBe(expected);
  });

  it("reads int32 and sint32 including negatives", () => {
    expect(varintReader(-5).int32()).toBe(-5);
    expect(varintReader(2 ** 31 - 1).int32()).toBe(2 ** 31 - 1);
    const reader = new ProtoReader(
      encodeMessage([
        { field: 1, sint32: -3 },
        { field: 2, sint32: 2_000_000_000 },
      ]),
    );
    reader.tag();
    expect(reader.sint32()).toBe(-3);
    reader.tag();
    expect(reader.sint32()).toBe(2_000_000_000);
  });

  it("reads fixed-width values", () => {
    const reader = new ProtoReader(
      encodeMessage([
        { field: 1, fixed64: 2n ** 64n - 1n },
        { field: 2, double: -0.5 },
        { field: 3, fixed32: 0xffffffff },
        { field: 4, fixed64: -3n },
      ]),
    );
    reader.tag();
    expect(reader.fixed64Big()).toBe(2n ** 64n - 1n);
    reader.tag();
    expect(reader.double()).toBe(-0.5);
    reader.tag();
    expect(reader.fixed32()).toBe(0xffffffff);
    reader.tag();
    expect(reader.sfixed64Number()).toBe(-3);
  });

  it("refuses varints that do not fit their field or do not end", () => {
    expect(() => varintReader(2n ** 32n).uint32()).toThrow("varint too large for a 32-bit field");
    const endless = new ProtoReader(Uint8Array.from(Array.from({ length: 11 }, () => 0xff)));
    expect(() => endless.int64Value()).toThrow("varint longer than 10 bytes");
    expect(() => new ProtoReader(Uint8Array.from([0x80, 0x80])).uint32()).toThrow("truncated varint");
  });

  it("skips nested groups and refuses mismatched ones", () => {
    const body = encodeMessage([
      {
        field: 5,
        group: [
          { field: 6, group: [{ field: 1, bytes: "x" }] },
          { field: 2, fixed32: 1 },
        ],
      },
      { field: 7, varint: 1 },
    ]);
    const reader = new ProtoReader(body);
    const tag = reader.tag();
    reader.skip(tag & 7, tag >>> 3);
    expect(reader.tag() >>> 3).toBe(7);
    // Start group 5, end group 6.
    const mismatched = new ProtoReader(Uint8Array.from([0x2b, 0x34]));
    const start = mismatched.tag();
    expect(() => mismatched.skip(start & 7, start >>> 3)).toThrow("mismatched end of group field 6");
    const unterminated = new ProtoReader(Uint8Array.from([0x2b]));
    const open = unterminated.tag();
    expect(() => unterminated.skip(open & 7, open >>> 3)).toThrow(DecodeError);
  });

  it("cuts long strings on a character boundary and marks them", () => {
    const reader = new ProtoReader(encodeMessage([{ field: 1, bytes: "ab€cd" }]));
    reader.tag();
    expect(reader.string(1, reader.end, 4)).toBe("ab…[truncated 5 bytes]");
  });

  it("returns the same text for repeated short strings from the cache, and different text for different bytes", () => {
    const reader = new ProtoReader(
      encodeMessage([
        { field: 1, bytes: "http.route" },
        { field: 1, bytes: "http.route" },
        { field: 1, bytes: "http.rouxe" },
      ]),
    );
    const read = () => {
      reader.tag();
      return reader.string(1, reader.end, 100);
    };
    expect([read(), read(), read()]).toEqual(["http.route", "http.route", "http.rouxe"]);
  });
});
