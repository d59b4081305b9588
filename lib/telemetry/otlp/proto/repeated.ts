// The loop every OTLP envelope level shares: each occurrence of one repeated message field within a
// message, decoded in place, other fields skipped; a decode error is located as `name[index]`.

import { locateError } from "../decode-error";
import { type ProtoReader, WireType, wrongWireType } from "./wire";

/** Calls `decode` with the end and index of each `field` message before `end`; returns how many there were. */
export function forEachMessage(
  reader: ProtoReader,
  end: number,
  field: number,
  name: string,
  decode: (messageEnd: number, index: number) => void,
): number {
  let index = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    const tagField = tag >>> 3;
    const wireType = tag & 7;
    if (tagField !== field) {
      reader.skip(wireType, tagField);
      continue;
    }
    if (wireType !== WireType.Len) throw wrongWireType(tagField, wireType, WireType.Len);
    const messageEnd = reader.delimited(field, end);
    try {
      decode(messageEnd, index);
    } catch (error) {
      throw locateError(error, `${name}[${index}]`);
    }
    index++;
  }
  return index;
}
