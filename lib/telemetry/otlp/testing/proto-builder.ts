// A minimal protobuf encoder for hand-built test payloads: every wire type, groups, packed and unpacked
// repeated fields, fields in any order. Test support only; independent of the decoder under test.

export type ProtoField =
  | { field: number; varint: bigint | number }
  | { field: number; sint32: number }
  | { field: number; fixed64: bigint | number }
  | { field: number; double: number }
  | { field: number; fixed32: number }
  | { field: number; bytes: Uint8Array | string }
  | { field: number; message: ProtoField[] }
  | { field: number; group: ProtoField[] }
  | { field: number; packedFixed64: Array<bigint | number> }
  | { field: number; packedDouble: number[] }
  | { field: number; packedVarint: Array<bigint | number> };

export function encodeMessage(fields: ProtoField[]): Uint8Array {
  const out: number[] = [];
  for (const entry of fields) writeField(out, entry);
  return Uint8Array.from(out);
}

function writeField(out: number[], entry: ProtoField): void {
  const { field } = entry;
  if ("varint" in entry) {
    writeVarint(out, (BigInt(field) << 3n) | 0n);
    writeVarint(out, BigInt.asUintN(64, BigInt(entry.varint)));
  } else if ("sint32" in entry) {
    writeVarint(out, (BigInt(field) << 3n) | 0n);
    writeVarint(out, BigInt(((entry.sint32 << 1) ^ (entry.sint32 >> 31)) >>> 0));
  } else if ("fixed64" in entry) {
    writeVarint(out, (BigInt(field) << 3n) | 1n);
    writeFixed64(out, BigInt(entry.fixed64));
  } else if ("double" in entry) {
    writeVarint(out, (BigInt(field) << 3n) | 1n);
    writeDouble(out, entry.double);
  } else if ("fixed32" in entry) {
    writeVarint(out, (BigInt(field) << 3n) | 5n);
    const view = new DataView(new ArrayBuffer(4));
    view.setUint32(0, entry.fixed32, true);
    out.push(...new Uint8Array(view.buffer));
  } else if ("bytes" in entry) {
    writeDelimited(
      out,
      field,
      typeof entry.bytes === "string" ? new TextEncoder().encode(entry.bytes) : entry.bytes,
    );
  } else if ("message" in entry) {
    writeDelimited(out, field, encodeMessage(entry.message));
  } else if ("group" in entry) {
    writeVarint(out, (BigInt(field) << 3n) | 3n);
    for (const inner of entry.group) writeField(out, inner);
    writeVarint(out, (BigInt(field) << 3n) | 4n);
  } else {
    const packed: number[] = [];
    if ("packedFixed64" in entry)
      for (const value of entry.packedFixed64) writeFixed64(packed, BigInt(value));
    else if ("packedDouble" in entry) for (const value of entry.packedDouble) writeDouble(packed, value);
    else for (const value of entry.packedVarint) writeVarint(packed, BigInt.asUintN(64, BigInt(value)));
    writeDelimited(out, field, Uint8Array.from(packed));
  }
}

function writeDelimited(out: number[], field: number, bytes: Uint8Array): void {
  writeVarint(out, (BigInt(field) << 3n) | 2n);
  writeVarint(out, BigInt(bytes.length));
  for (const byte of bytes) out.push(byte);
}

function writeVarint(out: number[], value: bigint): void {
  let rest = value;
  while (rest >= 0x80n) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
}

function writeFixed64(out: number[], value: bigint): void {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt.asUintN(64, value), true);
  out.push(...new Uint8Array(view.buffer));
}

function writeDouble(out: number[], value: number): void {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, true);
  out.push(...new Uint8Array(view.buffer));
}

/** Bytes from hex text, for ids. */
export function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, "hex"));
}
