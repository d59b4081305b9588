// Protobuf wire primitives for the OTLP decoders: a cursor over one request body. Every read is bounds-checked
// against the body and throws DecodeError; message decoders check sub-message ends themselves (`delimited`
// and `finish`). Hand-written rather than protobufjs's Reader so that 64-bit values become exact bigints or
// numbers without Long objects, strings are cut at the ingest limit before decoding, and errors say what broke.

import { DecodeError } from "../decode-error";
import { truncationMark, withoutNul } from "../text";
import { cachedString, MAX_CACHED_BYTES } from "./string-cache";

// Buffer#utf8Slice is what Buffer#toString("utf8", ...) calls after argument checks; strings are the hot
// path, so call it directly where it exists.
type Utf8Slicer = { utf8Slice?: (this: Buffer, start: number, end: number) => string };
const nativeUtf8Slice = (Buffer.prototype as unknown as Utf8Slicer).utf8Slice;
function utf8Slice(buffer: Buffer, start: number, end: number): string {
  return nativeUtf8Slice ? nativeUtf8Slice.call(buffer, start, end) : buffer.toString("utf8", start, end);
}

export const WireType = { Varint: 0, Fixed64: 1, Len: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;

const WIRE_TYPE_NAMES = ["varint", "fixed64", "length-delimited", "start-group", "end-group", "fixed32"];
const TWO_POW_32 = 4294967296;
// Unsigned 64-bit values below this have an exact double (hi < 2^21).
const SAFE_HIGH_WORD = 0x200000;

export class ProtoReader {
  readonly bytes: Uint8Array;
  readonly end: number;
  pos = 0;
  private readonly view: DataView;
  private readonly text: Buffer;
  // The two halves of the last varint64 read, as unsigned 32-bit integers.
  private low = 0;
  private high = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.end = bytes.length;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** A varint that must fit in 32 bits: tags, lengths, uint32 fields. */
  uint32(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    if (pos + 5 > this.end) return this.uint32Slow();
    let byte = bytes[pos++]!;
    let value = byte & 0x7f;
    if (byte >= 0x80) {
      byte = bytes[pos++]!;
      value |= (byte & 0x7f) << 7;
      if (byte >= 0x80) {
        byte = bytes[pos++]!;
        value |= (byte & 0x7f) << 14;
        if (byte >= 0x80) {
          byte = bytes[pos++]!;
          value |= (byte & 0x7f) << 21;
          if (byte >= 0x80) {
            byte = bytes[pos++]!;
            if (byte > 0x0f) throw new DecodeError("varint too large for a 32-bit field");
            value |= byte << 28;
          }
        }
      }
    }
    this.pos = pos;
    return value >>> 0;
  }

  private uint32Slow(): number {
    this.varint64();
    if (this.high !== 0) throw new DecodeError("varint too large for a 32-bit field");
    return this.low;
  }

  /** Reads a tag and returns it; field = tag >>> 3, wire type = tag & 7. */
  tag(): number {
    const tag = this.uint32();
    if (tag >>> 3 === 0) throw new DecodeError("invalid field number 0");
    return tag;
  }

  /** int32 / enum: negative values arrive as ten-byte varints. */
  int32(): number {
    this.varint64();
    return this.low | 0;
  }

  sint32(): number {
    this.varint64();
    const n = this.low;
    return (n >>> 1) ^ -(n & 1);
  }

  bool(): boolean {
    this.varint64();
    return this.low !== 0 || this.high !== 0;
  }

  /** uint64 as a number (counts; exact below 2^53). */
  uint64Number(): number {
    this.varint64();
    return this.high * TWO_POW_32 + this.low;
  }

  /** int64 as a JSON-ready value: a number when exact, otherwise a decimal string. */
  int64Value(): number | string {
    this.varint64();
    const high = this.high;
    const low = this.low;
    if (high === 0) return low;
    if (high < SAFE_HIGH_WORD) return high * TWO_POW_32 + low;
    if (high >= 0xffe00000 && (high !== 0xffe00000 || low !== 0)) {
      // Negative with magnitude below 2^53: two's complement back to a double exactly.
      return (high - TWO_POW_32) * TWO_POW_32 + low;
    }
    return BigInt.asIntN(64, (BigInt(high) << 32n) | BigInt(low)).toString();
  }

  private varint64(): void {
    const bytes = this.bytes;
    const end = this.end;
    let pos = this.pos;
    let low = 0;
    let high = 0;
    let byte = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) throw new DecodeError("truncated varint");
      byte = bytes[pos++]!;
      low |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.setVarint(pos, low, 0);
        return;
      }
    }
    if (pos >= end) throw new DecodeError("truncated varint");
    byte = bytes[pos++]!;
    low |= (byte & 0x0f) << 28;
    high = (byte & 0x7f) >> 4;
    if (byte < 0x80) {
      this.setVarint(pos, low, high);
      return;
    }
    for (let shift = 3; shift < 32; shift += 7) {
      if (pos >= end) throw new DecodeError("truncated varint");
      byte = bytes[pos++]!;
      high |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.setVarint(pos, low, high);
        return;
      }
    }
    throw new DecodeError("varint longer than 10 bytes");
  }

  private setVarint(pos: number, low: number, high: number): void {
    this.pos = pos;
    this.low = low >>> 0;
    this.high = high >>> 0;
  }

  private need(size: number, what: string): number {
    const pos = this.pos;
    if (pos + size > this.end) throw new DecodeError(`truncated ${what}`);
    this.pos = pos + size;
    return pos;
  }

  fixed64Big(): bigint {
    return this.view.getBigUint64(this.need(8, "fixed64"), true);
  }

  fixed64Number(): number {
    const pos = this.need(8, "fixed64");
    return this.view.getUint32(pos + 4, true) * TWO_POW_32 + this.view.getUint32(pos, true);
  }

  sfixed64Number(): number {
    const pos = this.need(8, "fixed64");
    return this.view.getInt32(pos + 4, true) * TWO_POW_32 + this.view.getUint32(pos, true);
  }

  double(): number {
    return this.view.getFloat64(this.need(8, "fixed64"), true);
  }

  fixed32(): number {
    return this.view.getUint32(this.need(4, "fixed32"), true);
  }

  /** Reads a length prefix and returns where the field's bytes end, which must be within `parentEnd`. */
  delimited(field: number, parentEnd: number): number {
    const length = this.uint32();
    const end = this.pos + length;
    if (end > parentEnd) throw new DecodeError(`truncated length-delimited field ${field}`);
    return end;
  }

  /** A length-delimited UTF-8 string, cut to `maxBytes` (on a character boundary) and marked when longer. */
  string(field: number, parentEnd: number, maxBytes: number): string {
    const end = this.delimited(field, parentEnd);
    const start = this.pos;
    this.pos = end;
    if (start === end) return "";
    const length = end - start;
    if (length <= MAX_CACHED_BYTES && length <= maxBytes)
      return cachedString(this.bytes, start, end, this.decodeUtf8);
    if (length <= maxBytes) return this.decodeUtf8(start, end);
    let cut = start + maxBytes;
    // Back up over UTF-8 continuation bytes so the cut never splits a character.
    while (cut > start && (this.bytes[cut]! & 0xc0) === 0x80) cut--;
    return this.decodeUtf8(start, cut) + truncationMark(end - cut);
  }

  private readonly decodeUtf8 = (start: number, end: number): string =>
    withoutNul(utf8Slice(this.text, start, end));

  /** A length-delimited bytes value as base64, cut to `maxBytes` of base64 text and marked when longer. */
  bytesBase64(field: number, parentEnd: number, maxBytes: number): string {
    const end = this.delimited(field, parentEnd);
    const start = this.pos;
    this.pos = end;
    const keep = Math.floor(maxBytes / 4) * 3;
    if (end - start <= keep) return this.text.toString("base64", start, end);
    return this.text.toString("base64", start, start + keep) + truncationMark(end - start - keep);
  }

  /** Skips a field of any wire type, including (deprecated) groups. */
  skip(wireType: number, field: number): void {
    switch (wireType) {
      case WireType.Varint:
        this.varint64();
        return;
      case WireType.Fixed64:
        this.need(8, "fixed64");
        return;
      case WireType.Len:
        this.pos = this.delimited(field, this.end);
        return;
      case WireType.StartGroup:
        this.skipGroup(field);
        return;
      case WireType.Fixed32:
        this.need(4, "fixed32");
        return;
      default:
        throw new DecodeError(`invalid wire type ${wireType} for field ${field}`);
    }
  }

  private skipGroup(field: number): void {
    // Iterative, so nested groups cannot exhaust the stack.
    const open: number[] = [field];
    while (open.length > 0) {
      if (this.pos >= this.end) throw new DecodeError(`truncated group field ${open[open.length - 1]}`);
      const tag = this.tag();
      const wireType = tag & 7;
      const inner = tag >>> 3;
      if (wireType === WireType.EndGroup) {
        if (open.pop() !== inner) throw new DecodeError(`mismatched end of group field ${inner}`);
      } else if (wireType === WireType.StartGroup) {
        open.push(inner);
      } else {
        this.skip(wireType, inner);
      }
    }
  }

  /** Throws unless a sub-message's fields ended exactly at its declared end. */
  finish(end: number): void {
    if (this.pos !== end) throw new DecodeError("field overruns the end of its message");
  }
}

/** The error for a known field that arrives with a wire type its declaration does not allow. */
export function wrongWireType(field: number, wireType: number, expected: number): DecodeError {
  const got = WIRE_TYPE_NAMES[wireType] ?? String(wireType);
  return new DecodeError(`field ${field} has wire type ${got}, expected ${WIRE_TYPE_NAMES[expected]}`);
}
