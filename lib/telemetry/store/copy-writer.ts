// PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format"):
// an 11-byte signature, flags and header-extension length, then per row a 16-bit field count and per field
// a 32-bit length (-1 for NULL) followed by the value in the type's binary send format; a -1 field count
// ends the data. Binary COPY skips the text parsing of every value, which is most of COPY's cost.

const SIGNATURE = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]);
/** Microseconds between the Unix epoch and PostgreSQL's epoch, 2000-01-01. */
const PG_EPOCH_OFFSET_US = 946_684_800_000_000n;

// Buffer#utf8Write and #hexWrite are what Buffer#write calls after its argument checks; text is most of
// what a span row holds, so call them directly where they exist (as wire.ts does for reading).
type NativeWriters = {
  utf8Write?: (this: Buffer, text: string, offset: number, length: number) => number;
  hexWrite?: (this: Buffer, text: string, offset: number, length: number) => number;
};
const native = Buffer.prototype as unknown as NativeWriters;

function writeUtf8(buffer: Buffer, text: string, offset: number): number {
  return native.utf8Write
    ? native.utf8Write.call(buffer, text, offset, buffer.length - offset)
    : buffer.write(text, offset, "utf8");
}

function writeHex(buffer: Buffer, hex: string, offset: number, length: number): number {
  return native.hexWrite
    ? native.hexWrite.call(buffer, hex, offset, length)
    : buffer.write(hex, offset, length, "hex");
}

/** Element type OIDs of the arrays we write. */
export const PG_OID = { int8: 20, float8: 701 } as const;

/** Appends rows in binary COPY format to a growing buffer. */
export class BinaryCopyWriter {
  private buffer: Buffer;
  private offset = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(Math.max(64, initialBytes));
    this.buffer.set(SIGNATURE, 0);
    this.buffer.writeInt32BE(0, 11); // flags: no OIDs
    this.buffer.writeInt32BE(0, 15); // no header extension
    this.offset = 19;
  }

  /** Starts a row of `fields` values; write exactly that many next. */
  row(fields: number): this {
    this.reserve(2);
    this.buffer.writeInt16BE(fields, this.offset);
    this.offset += 2;
    return this;
  }

  null(): this {
    this.reserve(4);
    this.buffer.writeInt32BE(-1, this.offset);
    this.offset += 4;
    return this;
  }

  int2(value: number): this {
    this.reserve(6);
    this.buffer.writeInt32BE(2, this.offset);
    this.buffer.writeInt16BE(value, this.offset + 4);
    this.offset += 6;
    return this;
  }

  int4(value: number): this {
    this.reserve(8);
    this.buffer.writeInt32BE(4, this.offset);
    this.buffer.writeInt32BE(value, this.offset + 4);
    this.offset += 8;
    return this;
  }

  int8(value: bigint | number): this {
    this.reserve(12);
    this.buffer.writeInt32BE(8, this.offset);
    this.buffer.writeBigInt64BE(typeof value === "bigint" ? value : BigInt(value), this.offset + 4);
    this.offset += 12;
    return this;
  }

  float8(value: number): this {
    this.reserve(12);
    this.buffer.writeInt32BE(8, this.offset);
    this.buffer.writeDoubleBE(value, this.offset + 4);
    this.offset += 12;
    return this;
  }

  bool(value: boolean): this {
    this.reserve(5);
    this.buffer.writeInt32BE(1, this.offset);
    this.buffer[this.offset + 4] = value ? 1 : 0;
    this.offset += 5;
    return this;
  }

  /** A timestamptz from Unix milliseconds. */
  timestamptz(unixMs: number): this {
    return this.int8(BigInt(Math.trunc(unixMs)) * 1000n - PG_EPOCH_OFFSET_US);
  }

  /** UTF-8 text; the caller guarantees it holds no NUL (decoded OTLP text is sanitized). */
  text(value: string): this {
    return this.utf8(value, 0);
  }

  /** Text, or NULL for null and (when `emptyAsNull`) for the empty string. */
  textOrNull(value: string | null, emptyAsNull = true): this {
    if (value === null || (emptyAsNull && value === "")) return this.null();
    return this.text(value);
  }

  /** jsonb: a version byte (1) and the JSON text. */
  jsonb(jsonText: string): this {
    return this.utf8(jsonText, 1);
  }

  /** bytea from lowercase or uppercase hex (ids arrive as hex). */
  byteaHex(hex: string): this {
    const length = hex.length >>> 1;
    this.reserve(4 + length);
    this.buffer.writeInt32BE(length, this.offset);
    writeHex(this.buffer, hex, this.offset + 4, length);
    this.offset += 4 + length;
    return this;
  }

  bytea(bytes: Uint8Array): this {
    this.reserve(4 + bytes.length);
    this.buffer.writeInt32BE(bytes.length, this.offset);
    this.buffer.set(bytes, this.offset + 4);
    this.offset += 4 + bytes.length;
    return this;
  }

  /** A one-dimensional int8[] whose first subscript is `lowerBound`. */
  int8Array(values: readonly number[], lowerBound = 1): this {
    return this.array(values, PG_OID.int8, lowerBound, (value, at) =>
      this.buffer.writeBigInt64BE(BigInt(value), at),
    );
  }

  float8Array(values: readonly number[]): this {
    return this.array(values, PG_OID.float8, 1, (value, at) => this.buffer.writeDoubleBE(value, at));
  }

  /** The COPY data including the end marker; the writer must not be used afterwards. */
  finish(): Buffer {
    this.reserve(2);
    this.buffer.writeInt16BE(-1, this.offset);
    this.offset += 2;
    return this.buffer.subarray(0, this.offset);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.offset;
  }

  private array(
    values: readonly number[],
    elementOid: number,
    lowerBound: number,
    writeElement: (value: number, at: number) => void,
  ): this {
    // Header: ndim, has-nulls flag, element OID, then per dimension its size and lower bound.
    const bytes = values.length === 0 ? 12 : 20 + values.length * 12;
    this.reserve(4 + bytes);
    const b = this.buffer;
    let at = this.offset;
    b.writeInt32BE(bytes, at);
    b.writeInt32BE(values.length === 0 ? 0 : 1, at + 4);
    b.writeInt32BE(0, at + 8);
    b.writeInt32BE(elementOid, at + 12);
    at += 16;
    if (values.length > 0) {
      b.writeInt32BE(values.length, at);
      b.writeInt32BE(lowerBound, at + 4);
      at += 8;
      for (const value of values) {
        b.writeInt32BE(8, at);
        writeElement(value, at + 4);
        at += 12;
      }
    }
    this.offset = at;
    return this;
  }

  private utf8(value: string, versionByte: number): this {
    const prefix = versionByte > 0 ? 1 : 0;
    // At most 3 UTF-8 bytes per UTF-16 unit; reserving that avoids measuring the string first.
    this.reserve(4 + prefix + value.length * 3);
    const start = this.offset + 4;
    if (prefix) this.buffer[start] = versionByte;
    const written = value.length === 0 ? 0 : writeUtf8(this.buffer, value, start + prefix);
    this.buffer.writeInt32BE(prefix + written, this.offset);
    this.offset = start + prefix + written;
    return this;
  }

  private reserve(bytes: number): void {
    const needed = this.offset + bytes;
    if (needed <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }
}
