/**
 * The decoding schema turned into what the decoder looks things up in: fields by number in an array,
 * message references as objects, enum tables as Maps, one small-integer kind per field. Compiled once
 * per schema object.
 */
import {
  ANY_TYPE,
  type DecodingSchema,
  type FieldKind,
  SCHEMA_FORMAT,
  type SchemaField,
} from "../schema/schema";
import { WireType } from "./reader";

export const Kind = {
  Double: 0,
  Float: 1,
  Int32: 2,
  Uint32: 3,
  Sint32: 4,
  Fixed32: 5,
  Sfixed32: 6,
  Int64: 7,
  Uint64: 8,
  Sint64: 9,
  Fixed64: 10,
  Sfixed64: 11,
  Bool: 12,
  String: 13,
  Bytes: 14,
  Enum: 15,
  Message: 16,
} as const;

export const Shape = { Singular: 0, Repeated: 1, Map: 2 } as const;

const KINDS: Readonly<Record<FieldKind, number>> = {
  double: Kind.Double,
  float: Kind.Float,
  int32: Kind.Int32,
  uint32: Kind.Uint32,
  sint32: Kind.Sint32,
  fixed32: Kind.Fixed32,
  sfixed32: Kind.Sfixed32,
  int64: Kind.Int64,
  uint64: Kind.Uint64,
  sint64: Kind.Sint64,
  fixed64: Kind.Fixed64,
  sfixed64: Kind.Sfixed64,
  bool: Kind.Bool,
  string: Kind.String,
  bytes: Kind.Bytes,
  enum: Kind.Enum,
  message: Kind.Message,
};

/** The wire type of one value of each kind. */
const WIRE_TYPES: readonly number[] = [
  WireType.Fixed64, // double
  WireType.Fixed32, // float
  WireType.Varint, // int32
  WireType.Varint, // uint32
  WireType.Varint, // sint32
  WireType.Fixed32, // fixed32
  WireType.Fixed32, // sfixed32
  WireType.Varint, // int64
  WireType.Varint, // uint64
  WireType.Varint, // sint64
  WireType.Fixed64, // fixed64
  WireType.Fixed64, // sfixed64
  WireType.Varint, // bool
  WireType.Len, // string
  WireType.Len, // bytes
  WireType.Varint, // enum
  WireType.Len, // message
];

export interface CompiledField {
  readonly number: number;
  readonly name: string;
  /** Kind of the value (for a map, of its values). */
  readonly kind: number;
  readonly wireType: number;
  readonly shape: number;
  /** Repeated numeric field: also accepted packed (length-delimited). */
  readonly packable: boolean;
  readonly presence: boolean;
  /** The other members of its oneof, cleared when this one is set. */
  readonly oneofSiblings: readonly string[] | undefined;
  readonly enumNames: ReadonlyMap<number, string> | undefined;
  readonly enumFirst: number;
  readonly keyKind: number;
  readonly keyWireType: number;
  /** The message type, for message-valued fields (set once every message exists). */
  message: CompiledMessage | undefined;
}

export interface CompiledMessage {
  readonly name: string;
  readonly isAny: boolean;
  readonly hasFields: boolean;
  /** Indexed by field number. */
  readonly fields: readonly (CompiledField | undefined)[];
}

export interface CompiledSchema {
  readonly messages: ReadonlyMap<string, CompiledMessage>;
}

const compiledSchemas = new WeakMap<DecodingSchema, CompiledSchema>();

export function compileSchema(schema: DecodingSchema): CompiledSchema {
  const known = compiledSchemas.get(schema);
  if (known) return known;
  if (schema.format !== SCHEMA_FORMAT)
    throw new Error(`decoding schema format ${schema.format}, expected ${SCHEMA_FORMAT}: rebuild the bundle`);
  const enums = new Map<string, { names: Map<number, string>; first: number }>();
  for (const [name, table] of Object.entries(schema.enums))
    enums.set(name, {
      names: new Map(Object.entries(table.names).map(([number, label]) => [Number(number), label])),
      first: table.first,
    });
  const messages = new Map<string, CompiledMessage>();
  const pending: [CompiledField, string][] = [];
  for (const [name, fields] of Object.entries(schema.messages)) {
    const byNumber: (CompiledField | undefined)[] = [];
    for (const field of fields) {
      const compiled = compileField(name, field, fields, enums);
      byNumber[field.number] = compiled;
      if (field.kind === "message") pending.push([compiled, field.type ?? ""]);
    }
    messages.set(name, { name, isAny: name === ANY_TYPE, hasFields: fields.length > 0, fields: byNumber });
  }
  for (const [field, typeName] of pending) {
    const message = messages.get(typeName);
    if (!message) throw new Error(`decoding schema: ${field.name} refers to unknown message ${typeName}`);
    field.message = message;
  }
  const compiled = { messages };
  compiledSchemas.set(schema, compiled);
  return compiled;
}

function compileField(
  messageName: string,
  field: SchemaField,
  siblings: readonly SchemaField[],
  enums: ReadonlyMap<string, { names: Map<number, string>; first: number }>,
): CompiledField {
  const kind = KINDS[field.kind];
  const enumTable = field.kind === "enum" ? enums.get(field.type ?? "") : undefined;
  if (field.kind === "enum" && !enumTable)
    throw new Error(`decoding schema: ${messageName}.${field.name} refers to unknown enum ${field.type}`);
  const oneof = field.oneof;
  const keyKind = field.mapKey === undefined ? -1 : KINDS[field.mapKey];
  return {
    number: field.number,
    name: field.name,
    kind,
    wireType: WIRE_TYPES[kind] as number,
    shape: field.mapKey !== undefined ? Shape.Map : field.repeated ? Shape.Repeated : Shape.Singular,
    packable: field.repeated === true && WIRE_TYPES[kind] !== WireType.Len,
    presence: field.presence === true,
    oneofSiblings:
      oneof === undefined
        ? undefined
        : siblings.filter((s) => s.oneof === oneof && s.name !== field.name).map((s) => s.name),
    enumNames: enumTable?.names,
    enumFirst: enumTable?.first ?? 0,
    keyKind,
    keyWireType: keyKind === -1 ? -1 : (WIRE_TYPES[keyKind] as number),
    message: undefined,
  };
}
