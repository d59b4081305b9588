/**
 * Protobuf wire primitives over one Buffer, in the style of lib/telemetry/otlp/proto/wire.ts but with
 * protobufjs's value semantics (32-bit fields take the low bits of any varint, bool is "any bit set",
 * strings are strict UTF-8 with a BOM kept) and no cut strings. Every read is checked against `limit`, the
 * end of the message being read, and a malformed encoding throws WireFormatError. 64-bit values are left
 * in `lo`/`hi` (unsigned 32-bit halves) so no Long or bigint is allocated per value.
 */
import { WireFormatError } from "./wire-error";

export const WireType = { Varint: 0, Fixed64: 1, Len: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;

// Buffer#utf8Slice is what toString("utf8", ...) calls after its argument checks.
type Utf8Slicer = { utf8Slice?: (this: Buffer, start: number, end: number) => string };
const nativeUtf8Slice = (Buffer.prototype as unknown as Utf8Slicer).utf8Slice;
// The decoder protobufjs uses for strings whose features say VERIFY (every proto3 string): invalid UTF-8
// is an error and a leading BOM is part of the text.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export class WireReader {
  readonly buf: Buffer;
  pos = 0;
  /** Where the message being read ends; reads never go past it. */
  limit: number;
  /** The last 64-bit value read, as unsigned halves. */
  lo = 0;
  hi = 0;

  constructor(bytes: Uint8Array) {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.limit = this.buf.length;
  }

  /** A field tag (at most 5 bytes, fitting 32 bits); field number 0 is refused. */
  tag(): number {
    const buf = this.buf;
    let pos = this.pos;
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= this.limit) throw new WireFormatError("truncated tag");
      const byte = buf[pos++] as number;
      if (shift === 28 && byte > 0x0f) throw new WireFormatError("invalid tag encoding");
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.pos = pos;
        value >>>= 0;
        if (value >>> 3 === 0) throw new WireFormatError("invalid tag: field number 0");
        return value;
      }
    }
    throw new WireFormatError("invalid tag encoding");
  }

  /** A varint of up to 10 bytes, into `lo`/`hi`. */
  varint64(): void {
    const buf = this.buf;
    const limit = this.limit;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    let byte = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= limit) throw new WireFormatError("truncated varint");
      byte = buf[pos++] as number;
      lo |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.setVarint(pos, lo, 0);
        return;
      }
    }
    if (pos >= limit) throw new WireFormatError("truncated varint");
    byte = buf[pos++] as number;
    lo |= (byte & 0x0f) << 28;
    hi = (byte & 0x7f) >> 4;
    if (byte < 0x80) {
      this.setVarint(pos, lo, hi);
      return;
    }
    for (let shift = 3; shift < 38; shift += 7) {
      if (pos >= limit) throw new WireFormatError("truncated varint");
      byte = buf[pos++] as number;
      hi |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.setVarint(pos, lo, hi);
        return;
      }
    }
    throw new WireFormatError("varint longer than 10 bytes");
  }

  private setVarint(pos: number, lo: number, hi: number): void {
    this.pos = pos;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** The low 32 bits of a varint, unsigned (uint32, and int32/enum after `| 0`). */
  uint32(): number {
    const pos = this.pos;
    if (pos < this.limit) {
      const byte = this.buf[pos] as number;
      if (byte < 0x80) {
        this.pos = pos + 1;
        return byte;
      }
    }
    this.varint64();
    return this.lo;
  }

  bool(): boolean {
    this.varint64();
    return (this.lo | this.hi) !== 0;
  }

  /** A length prefix, then where those bytes end (within `limit`). */
  delimitedEnd(): number {
    const buf = this.buf;
    let pos = this.pos;
    let length = 0;
    for (let shift = 0; ; shift += 7) {
      if (pos >= this.limit) throw new WireFormatError("truncated length");
      const byte = buf[pos++] as number;
      if (shift === 28) {
        // protobufjs refuses lengths of 2^31 and more.
        if (byte > 0x07) throw new WireFormatError("invalid length encoding");
        length = (length | (byte << 28)) >>> 0;
        break;
      }
      length |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    const end = pos + length;
    if (end > this.limit)
      throw new WireFormatError(`length ${length} runs past the end (${this.limit - pos} bytes left)`);
    this.pos = pos;
    return end;
  }

  /** Advances over `size` bytes of a fixed-width value and returns where they start. */
  private fixed(size: number, what: string): number {
    const pos = this.pos;
    if (pos + size > this.limit) throw new WireFormatError(`truncated ${what}`);
    this.pos = pos + size;
    return pos;
  }

  fixed32(): number {
    return this.buf.readUInt32LE(this.fixed(4, "fixed32"));
  }

  sfixed32(): number {
    return this.buf.readInt32LE(this.fixed(4, "fixed32"));
  }

  float(): number {
    return this.buf.readFloatLE(this.fixed(4, "float"));
  }

  double(): number {
    return this.buf.readDoubleLE(this.fixed(8, "double"));
  }

  /** fixed64 / sfixed64, into `lo`/`hi`. */
  fixed64(): void {
    const pos = this.fixed(8, "fixed64");
    this.lo = this.buf.readUInt32LE(pos);
    this.hi = this.buf.readUInt32LE(pos + 4);
  }

  string(): string {
    const end = this.delimitedEnd();
    const start = this.pos;
    this.pos = end;
    const buf = this.buf;
    for (let i = start; i < end; i++) {
      if ((buf[i] as number) >= 0x80) {
        try {
          return strictUtf8.decode(buf.subarray(start, end));
        } catch {
          throw new WireFormatError("invalid UTF-8 in a string");
        }
      }
    }
    if (start === end) return "";
    return nativeUtf8Slice ? nativeUtf8Slice.call(buf, start, end) : buf.toString("latin1", start, end);
  }

  /** A view of the bytes (no copy), as protobufjs gives bytes read from a Buffer. */
  bytes(): Buffer {
    const end = this.delimitedEnd();
    const start = this.pos;
    this.pos = end;
    return this.buf.subarray(start, end);
  }

  /** Skips one field of any wire type, groups included (iteratively, so nesting cannot blow the stack). */
  skip(wireType: number, field: number): void {
    if (wireType !== WireType.StartGroup) {
      this.skipValue(wireType, field);
      return;
    }
    const open = [field];
    while (open.length > 0) {
      if (this.pos >= this.limit) throw new WireFormatError(`group of field ${open.at(-1)} is not closed`);
      const tag = this.tag();
      const inner = tag >>> 3;
      const innerType = tag & 7;
      if (innerType === WireType.EndGroup) {
        const closing = open.pop();
        if (closing !== inner)
          throw new WireFormatError(`end-group tag of field ${inner} closes the group of field ${closing}`);
      } else if (innerType === WireType.StartGroup) {
        open.push(inner);
      } else {
        this.skipValue(innerType, inner);
      }
    }
  }

  private skipValue(wireType: number, field: number): void {
    switch (wireType) {
      case WireType.Varint:
        this.varint64();
        return;
      case WireType.Fixed64:
        this.fixed(8, "fixed64");
        return;
      case WireType.Len:
        this.pos = this.delimitedEnd();
        return;
      case WireType.Fixed32:
        this.fixed(4, "fixed32");
        return;
      case WireType.EndGroup:
        throw new WireFormatError(`end-group tag of field ${field} without a start-group`);
      default:
        throw new WireFormatError(`invalid wire type ${wireType} (field ${field})`);
    }
  }
}
