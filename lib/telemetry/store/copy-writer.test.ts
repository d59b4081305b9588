import { describe, expect, it } from "vitest";
import { BinaryCopyWriter, PG_OID } from "./copy-writer";

/** Reads binary COPY data back, field by field, as raw byte arrays (null for NULL). */
function readCopy(data: Buffer): Array<Array<Buffer | null>> {
  expect(data.subarray(0, 11).toString("latin1")).toBe("PGCOPY\n\xff\r\n\0");
  expect(data.readInt32BE(11)).toBe(0);
  let at = 19 + data.readInt32BE(15);
  const rows: Array<Array<Buffer | null>> = [];
  for (;;) {
    const fields = data.readInt16BE(at);
    at += 2;
    if (fields === -1) break;
    const row: Array<Buffer | null> = [];
    for (let i = 0; i < fields; i++) {
      const length = data.readInt32BE(at);
      at += 4;
      row.push(length === -1 ? null : data.subarray(at, at + length));
      if (length > 0) at += length;
    }
    rows.push(row);
  }
  expect(at).toBe(data.length);
  return rows;
}

describe("BinaryCopyWriter", () => {
  it("writes scalars in PostgreSQL's binary send formats", () => {
    const data = new BinaryCopyWriter(64)
      .row(9)
      .int2(-2)
      .int4(70_000)
      .int8(1_795_241_700_664_000_123n)
      .float8(0.125)
      .bool(true)
      .text("héllo ✓")
      .null()
      .byteaHex("00ff10")
      .timestamptz(Date.UTC(2000, 0, 1, 0, 0, 1))
      .finish();
    const [row] = readCopy(data);
    expect(row!.length).toBe(9);
    expect(row![0]!.readInt16BE(0)).toBe(-2);
    expect(row![1]!.readInt32BE(0)).toBe(70_000);
    expect(row![2]!.readBigInt64BE(0)).toBe(1_795_241_700_664_000_123n);
    expect(row![3]!.readDoubleBE(0)).toBe(0.125);
    expect([...row![4]!]).toEqual([1]);
    expect(row![5]!.toString("utf8")).toBe("héllo ✓");
    expect(row![6]).toBeNull();
    expect([...row![7]!]).toEqual([0, 255, 16]);
    // timestamptz: microseconds since 2000-01-01.
    expect(row![8]!.readBigInt64BE(0)).toBe(1_000_000n);
  });

  it("writes jsonb with its version byte, and empty strings as text or NULL", () => {
    const data = new BinaryCopyWriter().row(3).jsonb('{"a":1}').textOrNull("").textOrNull("", false).finish();
    const [row] = readCopy(data);
    expect(row![0]![0]).toBe(1);
    expect(row![0]!.subarray(1).toString()).toBe('{"a":1}');
    expect(row![1]).toBeNull();
    expect(row![2]!.length).toBe(0);
  });

  it("writes one-dimensional arrays with their lower bound, and empty arrays", () => {
    const data = new BinaryCopyWriter()
      .row(3)
      .int8Array([5, -1], 40)
      .float8Array([1.5])
      .int8Array([])
      .finish();
    const [row] = readCopy(data);
    const ints = row![0]!;
    expect([ints.readInt32BE(0), ints.readInt32BE(4), ints.readInt32BE(8)]).toEqual([1, 0, PG_OID.int8]);
    expect([ints.readInt32BE(12), ints.readInt32BE(16)]).toEqual([2, 40]);
    expect(ints.readInt32BE(20)).toBe(8);
    expect(ints.readBigInt64BE(24)).toBe(5n);
    expect(ints.readBigInt64BE(36)).toBe(-1n);
    const doubles = row![1]!;
    expect(doubles.readInt32BE(8)).toBe(PG_OID.float8);
    expect(doubles.readDoubleBE(24)).toBe(1.5);
    expect([...row![2]!.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    expect(row![2]!.length).toBe(12);
  });

  it("grows its buffer for many rows", () => {
    const writer = new BinaryCopyWriter(64);
    for (let i = 0; i < 1000; i++)
      writer
        .row(2)
        .int4(i)
        .text("x".repeat(i % 50));
    const rows = readCopy(writer.finish());
    expect(rows.length).toBe(1000);
    expect(rows[999]![0]!.readInt32BE(0)).toBe(999);
    expect(rows[999]![1]!.toString()).toBe("x".repeat(49));
  });
});
