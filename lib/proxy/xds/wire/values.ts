/**
 * One scalar or enum value read from the wire and converted as protobufjs's
 * `toObject(..., { longs: String, enums: String, json: true })` converts it, plus what protobufjs puts in a
 * map entry that lacks its key or value.
 */
import { type CompiledField, Kind } from "./compiled";
import { signedDecimal, unsignedDecimal, zigzagDecimal } from "./int64";
import type { WireReader } from "./reader";

export type ValueField = Pick<CompiledField, "kind" | "enumNames" | "enumFirst">;

// Set by every readValue call: decoding is synchronous, so a flag beats returning a pair per value.
let lastWasDefault = false;

/** Whether the value readValue last returned was its type's default (implicit presence drops it). */
export function wasDefault(): boolean {
  return lastWasDefault;
}

export function readValue(reader: WireReader, field: ValueField): unknown {
  switch (field.kind) {
    case Kind.Double:
    case Kind.Float: {
      const v = field.kind === Kind.Double ? reader.double() : reader.float();
      lastWasDefault = Object.is(v, 0);
      return Number.isFinite(v) ? v : String(v);
    }
    case Kind.Int32:
      return number(reader.uint32() | 0);
    case Kind.Uint32:
      return number(reader.uint32());
    case Kind.Sint32: {
      const n = reader.uint32();
      return number(((n >>> 1) ^ -(n & 1)) | 0);
    }
    case Kind.Fixed32:
      return number(reader.fixed32());
    case Kind.Sfixed32:
      return number(reader.sfixed32());
    case Kind.Int64:
      reader.varint64();
      return long(reader, signedDecimal(reader.lo, reader.hi));
    case Kind.Uint64:
      reader.varint64();
      return long(reader, unsignedDecimal(reader.lo, reader.hi));
    case Kind.Sint64:
      reader.varint64();
      return long(reader, zigzagDecimal(reader.lo, reader.hi));
    case Kind.Fixed64:
      reader.fixed64();
      return long(reader, unsignedDecimal(reader.lo, reader.hi));
    case Kind.Sfixed64:
      reader.fixed64();
      return long(reader, signedDecimal(reader.lo, reader.hi));
    case Kind.Bool: {
      const v = reader.bool();
      lastWasDefault = !v;
      return v;
    }
    case Kind.String: {
      const v = reader.string();
      lastWasDefault = v.length === 0;
      return v;
    }
    case Kind.Bytes: {
      const v = reader.bytes();
      lastWasDefault = v.length === 0;
      return v;
    }
    case Kind.Enum: {
      const v = reader.uint32() | 0;
      lastWasDefault = v === field.enumFirst;
      return field.enumNames?.get(v) ?? v;
    }
    default:
      throw new Error(`no value reader for kind ${field.kind}`);
  }
}

function number(value: number): number {
  lastWasDefault = value === 0;
  return value;
}

function long(reader: WireReader, text: string): string {
  lastWasDefault = (reader.lo | reader.hi) === 0;
  return text;
}

/** What value() needs to read a map key of each kind (indexed by kind). */
const KEY_FIELDS: readonly ValueField[] = Object.values(Kind).map((kind) => ({
  kind,
  enumNames: undefined,
  enumFirst: 0,
}));

/** A map key as the property name protobufjs gives it. */
export function readMapKey(reader: WireReader, kind: number): string {
  if (kind === Kind.String) return reader.string();
  if (kind === Kind.Bool) return String(reader.bool());
  return String(readValue(reader, KEY_FIELDS[kind] as ValueField));
}

export function absentMapKey(kind: number): string {
  return kind === Kind.String ? "" : kind === Kind.Bool ? "false" : "0";
}

/** What protobufjs puts in a map entry that has no value field. */
export function absentMapValue(field: ValueField): unknown {
  switch (field.kind) {
    case Kind.Int64:
    case Kind.Uint64:
    case Kind.Sint64:
    case Kind.Fixed64:
    case Kind.Sfixed64:
      return "0";
    case Kind.Bool:
      return false;
    case Kind.String:
      return "";
    case Kind.Bytes:
      return []; // protobufjs's default for bytes is an empty array, not a Buffer
    case Kind.Enum:
      return field.enumNames?.get(0) ?? 0;
    case Kind.Message:
      return {};
    default:
      return 0;
  }
}
