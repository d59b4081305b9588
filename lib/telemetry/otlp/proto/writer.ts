// Just enough of a protobuf writer for the small messages ingest sends back (export responses,
// google.rpc.Status with RetryInfo details).

export class ProtoWriter {
  private readonly bytes: number[] = [];

  varintField(field: number, value: number): void {
    this.varint((field << 3) | 0);
    this.varint(value);
  }

  stringField(field: number, value: string): void {
    this.bytesField(field, Buffer.from(value, "utf8"));
  }

  bytesField(field: number, value: Uint8Array): void {
    this.varint((field << 3) | 2);
    this.varint(value.length);
    for (const byte of value) this.bytes.push(byte);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }

  /** Non-negative integers up to 2^53; division keeps values above 2^31 exact. */
  private varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.bytes.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.bytes.push(rest);
  }
}
