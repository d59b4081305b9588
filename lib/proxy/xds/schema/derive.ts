/**
 * Derives the decoding schema from a loaded protobufjs Root: every message reachable from the root types,
 * with each field as protobufjs itself resolved it (name, number, kind, presence, oneof, packed, map key)
 * and every enum as protobufjs's number → name table. Pure, and protobufjs is only a type here, so this
 * file costs nothing where it is not called.
 *
 * Features the wire decoder does not implement (proto2 required fields, groups as message encoding, closed
 * enums, strings without UTF-8 validation) make derivation throw, so a proto change that needs them fails the build instead of decoding
 * differently from protobufjs.
 */
import type protobuf from "protobufjs";
import {
  type DecodingSchema,
  type FieldKind,
  type MapKeyKind,
  SCHEMA_FORMAT,
  type ScalarKind,
  type SchemaEnum,
  type SchemaField,
} from "./schema";

const SCALAR_KINDS: ReadonlySet<string> = new Set<ScalarKind>([
  "double",
  "float",
  "int32",
  "uint32",
  "sint32",
  "fixed32",
  "sfixed32",
  "int64",
  "uint64",
  "sint64",
  "fixed64",
  "sfixed64",
  "bool",
  "string",
  "bytes",
]);
const NOT_MAP_KEYS: ReadonlySet<string> = new Set(["double", "float", "bytes"]);
const NOT_PACKABLE: ReadonlySet<string> = new Set(["string", "bytes", "message"]);

/** protobufjs keeps resolved editions features on a private member; some rules are only visible there. */
interface WithFeatures {
  readonly _features?: { readonly enum_type?: string; readonly utf8_validation?: string };
}

export function deriveDecodingSchema(root: protobuf.Root, rootTypes: readonly string[]): DecodingSchema {
  const messages = new Map<string, SchemaField[]>();
  const enums = new Map<string, SchemaEnum>();
  const pending: protobuf.Type[] = rootTypes.map((name) => root.lookupType(name));
  while (pending.length > 0) {
    const type = pending.pop() as protobuf.Type;
    const typeName = fullNameOf(type);
    if (messages.has(typeName)) continue;
    const fields = [...type.fieldsArray].sort((a, b) => a.id - b.id);
    messages.set(
      typeName,
      fields.map((field) => {
        field.resolve();
        const resolved = field.resolvedType;
        if (resolved && isMessageType(resolved)) pending.push(resolved);
        if (resolved && isEnum(resolved) && !enums.has(fullNameOf(resolved)))
          enums.set(fullNameOf(resolved), enumTable(resolved));
        return schemaField(typeName, field);
      }),
    );
  }
  return {
    format: SCHEMA_FORMAT,
    messages: Object.fromEntries([...messages].sort(byName)),
    enums: Object.fromEntries([...enums].sort(byName)),
  };
}

function schemaField(typeName: string, field: protobuf.Field): SchemaField {
  const where = `${typeName}.${field.name}`;
  if (field.required) throw new Error(`${where}: required fields are not supported`);
  if (field.delimited) throw new Error(`${where}: group-encoded (delimited) fields are not supported`);
  const keyType = field.map ? (field as unknown as protobuf.MapField).keyType : undefined;
  const strict = (field as unknown as WithFeatures)._features?.utf8_validation === "VERIFY";
  if ((field.type === "string" || keyType === "string") && !strict)
    throw new Error(`${where}: strings without UTF-8 validation are not supported`);
  const resolved = field.resolvedType;
  let kind: FieldKind;
  let type: string | undefined;
  if (resolved && isMessageType(resolved)) {
    kind = "message";
    type = fullNameOf(resolved);
  } else if (resolved && isEnum(resolved)) {
    kind = "enum";
    type = fullNameOf(resolved);
  } else if (SCALAR_KINDS.has(field.type)) {
    kind = field.type as ScalarKind;
  } else {
    throw new Error(`${where}: unresolved type ${field.type}`);
  }
  const out: {
    -readonly [K in keyof SchemaField]: SchemaField[K];
  } = { number: field.id, name: field.name, kind };
  if (type !== undefined) out.type = type;
  if (keyType !== undefined) {
    if (!SCALAR_KINDS.has(keyType) || NOT_MAP_KEYS.has(keyType))
      throw new Error(`${where}: invalid map key type ${keyType}`);
    out.mapKey = keyType as MapKeyKind;
    return out;
  }
  if (field.repeated) {
    out.repeated = true;
    if (field.packed && !NOT_PACKABLE.has(kind)) out.packed = true;
    return out;
  }
  if (field.hasPresence && kind !== "message") out.presence = true;
  const oneof = field.partOf;
  if (oneof && oneof.oneof.length > 1) out.oneof = oneof.name;
  return out;
}

function enumTable(value: protobuf.Enum): SchemaEnum {
  if ((value as unknown as WithFeatures)._features?.enum_type === "CLOSED")
    throw new Error(`${fullNameOf(value)}: closed enums are not supported`);
  const names: Record<string, string> = {};
  for (const [number, name] of Object.entries(value.valuesById)) names[number] = name;
  const firstName = Object.keys(value.values)[0];
  const first = firstName === undefined ? 0 : (value.values[firstName] ?? 0);
  return { names, first };
}

function isMessageType(value: protobuf.ReflectionObject): value is protobuf.Type {
  return "fieldsArray" in value;
}

function isEnum(value: protobuf.ReflectionObject): value is protobuf.Enum {
  return "valuesById" in value;
}

function fullNameOf(value: protobuf.ReflectionObject): string {
  return value.fullName.startsWith(".") ? value.fullName.slice(1) : value.fullName;
}

function byName<T>(a: [string, T], b: [string, T]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
