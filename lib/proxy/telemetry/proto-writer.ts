/**
 * A small protobuf encoder for the OTLP messages the proxy exports. Nested messages are written in place:
 * `begin(field)` leaves room for the length and `end()` fills it in, moving the body only when the length
 * needs more than the reserved byte. 64-bit integers are written from bigint so nanosecond times stay exact.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;

export class ProtoWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private pos = 0;
  private readonly starts: number[] = [];

  constructor(initialBytes = 4096) {
    this.buffer = new Uint8Array(initialBytes);
    this.view = new DataView(this.buffer.buffer);
  }

  /** Opens a length-delimited sub-message; close it with end(). */
  begin(field: number): this {
    this.tag(field, WIRE_LEN);
    this.ensure(1);
    this.starts.push(this.pos);
    this.pos += 1; // one byte reserved for the length
    return this;
  }

  end(): this {
    const start = this.starts.pop();
    if (start === undefined) throw new Error("end() without begin()");
    const length = this.pos - start - 1;
    const size = varintSize(length);
    if (size > 1) {
      this.ensure(size - 1);
      this.buffer.copyWithin(start + size, start + 1, this.pos);
      this.pos += size - 1;
    }
    let p = start;
    let v = length;
    while (v > 0x7f) {
      this.buffer[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buffer[p] = v;
    return this;
  }

  string(field: number, value: string): this {
    if (value === "") return this;
    const max = value.length * 3;
    this.tag(field, WIRE_LEN);
    this.ensure(max + 5);
    // Encode after a maximal length slot, then shift left to the real length's size.
    const lengthAt = this.pos;
    const written = textEncoder.encodeInto(value, this.buffer.subarray(lengthAt + 5)).written ?? 0;
    const size = varintSize(written);
    this.buffer.copyWithin(lengthAt + size, lengthAt + 5, lengthAt + 5 + written);
    this.pos = lengthAt;
    this.rawVarint(written);
    this.pos += written;
    return this;
  }

  /** Always written, even when empty (attribute values must be present). */
  stringAlways(field: number, value: string): this {
    if (value !== "") return this.string(field, value);
    this.tag(field, WIRE_LEN);
    this.rawVarint(0);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    if (value.length === 0) return this;
    this.tag(field, WIRE_LEN);
    this.rawVarint(value.length);
    this.ensure(value.length);
    this.buffer.set(value, this.pos);
    this.pos += value.length;
    return this;
  }

  /** Hex string (trace and span ids) written as raw bytes. */
  hexBytes(field: number, hex: string): this {
    if (hex === "") return this;
    return this.bytes(field, Buffer.from(hex, "hex"));
  }

  uint32(field: number, value: number): this {
    if (value === 0) return this;
    this.tag(field, WIRE_VARINT);
    this.rawVarint(value >>> 0);
    return this;
  }

  /** int64 as a varint (two's complement for negatives); numbers must be safe integers. */
  int64(field: number, value: number, always = false): this {
    if (value === 0 && !always) return this;
    this.tag(field, WIRE_VARINT);
    this.rawVarint64(BigInt.asUintN(64, BigInt(value)));
    return this;
  }

  sint32(field: number, value: number): this {
    if (value === 0) return this;
    this.tag(field, WIRE_VARINT);
    this.rawVarint(((value << 1) ^ (value >> 31)) >>> 0);
    return this;
  }

  bool(field: number, value: boolean): this {
    this.tag(field, WIRE_VARINT);
    this.rawVarint(value ? 1 : 0);
    return this;
  }

  fixed32(field: number, value: number): this {
    if (value === 0) return this;
    this.tag(field, 5);
    this.ensure(4);
    this.view.setUint32(this.pos, value >>> 0, true);
    this.pos += 4;
    return this;
  }

  fixed64(field: number, value: bigint): this {
    if (value === 0n) return this;
    this.tag(field, WIRE_FIXED64);
    this.ensure(8);
    this.view.setBigUint64(this.pos, BigInt.asUintN(64, value), true);
    this.pos += 8;
    return this;
  }

  double(field: number, value: number, always = false): this {
    if (value === 0 && !always) return this;
    this.tag(field, WIRE_FIXED64);
    this.ensure(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
    return this;
  }

  /** repeated uint64, packed. */
  packedUint64(field: number, values: readonly number[]): this {
    if (values.length === 0) return this;
    this.begin(field);
    for (const v of values) this.rawVarint64(BigInt(v));
    return this.end();
  }

  finish(): Uint8Array {
    if (this.starts.length > 0) throw new Error("unclosed sub-message");
    return this.buffer.slice(0, this.pos);
  }

  private tag(field: number, wire: number): void {
    this.rawVarint((field << 3) | wire);
  }

  private rawVarint(value: number): void {
    this.ensure(5);
    let v = value >>> 0;
    while (v > 0x7f) {
      this.buffer[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buffer[this.pos++] = v;
  }

  private rawVarint64(value: bigint): void {
    this.ensure(10);
    let v = value;
    while (v > 0x7fn) {
      this.buffer[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.pos++] = Number(v);
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.pos));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }
}

const textEncoder = new TextEncoder();

function varintSize(value: number): number {
  let size = 1;
  let v = value >>> 0;
  while (v > 0x7f) {
    size += 1;
    v >>>= 7;
  }
  return size;
}
