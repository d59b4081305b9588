/**
 * Decodes protobuf bytes, driven by the compiled schema, straight into the plain object protobufjs gives
 * for `toObject(decode(bytes), { longs: String, enums: String, json: true })`, without building message
 * objects first. The rules are protobufjs 8's:
 * - fields never seen are absent, and so are empty repeated fields and maps;
 * - a singular field seen twice keeps the last value; a singular message seen twice is merged; a proto3
 *   scalar without presence that arrives holding its default removes the field;
 * - setting a oneof member removes the other members;
 * - a known field with an unexpected wire type is skipped like an unknown one; numeric repeated fields
 *   take packed and unpacked encodings, mixed;
 * - values are converted by values.ts (64-bit integers as decimal strings, enums by name, ...);
 * - a google.protobuf.Any whose type is in the schema becomes `{ ...fields, "@type": url }` (unless
 *   `expandAny` is false), otherwise it stays `{ type_url, value }`.
 * Malformed input throws WireFormatError naming the field path. protobufjs only decodes an Any's payload
 * when it converts the finished message, so a malformed payload that a later field replaced or removed is
 * no error there; here such payloads are remembered and reported only if still part of the result.
 */
import type { XdsObject } from "../../config/xds-values";
import { ANY_TYPE } from "../schema/schema";
import { findFailedAny, readAnyFields } from "./any-fields";
import { type CompiledField, type CompiledMessage, type CompiledSchema, Kind, Shape } from "./compiled";
import { ABSENT_LONG_KEY, isLongKey, readLongKey, rebuildLongKeyMap } from "./long-map-keys";
import { WireReader, WireType } from "./reader";
import { absentMapKey, absentMapValue, readMapKey, readValue, wasDefault } from "./values";
import { locate, WireFormatError } from "./wire-error";

/** protobufjs's recursion limit (and protoc's default). */
const MAX_DEPTH = 100;
const DEFAULT_TYPE_URL_PREFIX = "type.googleapis.com/";
const EMPTY = Buffer.alloc(0);

type Target = Record<string, unknown>;

export interface DecodeOptions {
  /** Expand nested google.protobuf.Any messages whose type is known (default true, as `json: true`). */
  readonly expandAny?: boolean;
}

export function decodeMessage(
  schema: CompiledSchema,
  type: CompiledMessage,
  bytes: Uint8Array,
  options: DecodeOptions = {},
): XdsObject {
  const run = new DecodeRun(schema, options.expandAny !== false);
  const reader = new WireReader(bytes);
  try {
    const result = run.message(reader, reader.limit, type, undefined, 0);
    run.throwFailedAny(result);
    return result;
  } catch (error) {
    throw locate(error, type.name);
  }
}

/** State of one top-level decode. */
class DecodeRun {
  /** The `{ type_url, value }` behind each expanded Any, should a later occurrence be merged into it. */
  private anyFields: Map<object, Target> | undefined;
  /** Stand-ins for Anys whose payload did not decode, with the error. */
  private failedAnys: Map<object, WireFormatError> | undefined;
  /** Maps with 64-bit keys, with their entries as protobufjs stores them (see long-map-keys.ts). */
  private longKeyMaps: Map<object, Target> | undefined;

  constructor(
    private readonly schema: CompiledSchema,
    private readonly expandAny: boolean,
  ) {}

  message(
    reader: WireReader,
    end: number,
    type: CompiledMessage,
    into: Target | undefined,
    depth: number,
  ): Target {
    if (depth > MAX_DEPTH) throw new WireFormatError(`messages nested more than ${MAX_DEPTH} deep`);
    if (type.isAny) return this.any(reader, end, into, depth);
    const out = into ?? {};
    const outer = reader.limit;
    reader.limit = end;
    const fields = type.fields;
    while (reader.pos < end) {
      const tag = reader.tag();
      const number = tag >>> 3;
      const field = fields[number];
      if (field === undefined) {
        reader.skip(tag & 7, number);
        // protobufjs checks a group's end against the whole start tag in a message without fields, so it
        // never matches: fail as it does.
        if ((tag & 7) === WireType.StartGroup && !type.hasFields)
          throw new WireFormatError(`group of field ${number} in ${type.name}, which has no fields`);
      } else {
        try {
          this.field(reader, out, field, tag & 7, depth);
        } catch (error) {
          throw locate(error, field.name);
        }
      }
    }
    reader.limit = outer;
    return out;
  }

  private field(
    reader: WireReader,
    out: Target,
    field: CompiledField,
    wireType: number,
    depth: number,
  ): void {
    if (field.shape === Shape.Map) {
      if (wireType === WireType.Len) this.mapEntry(reader, out, field, depth);
      else reader.skip(wireType, field.number);
      return;
    }
    if (field.shape === Shape.Repeated) {
      this.repeated(reader, out, field, wireType, depth);
      return;
    }
    if (wireType !== field.wireType) {
      reader.skip(wireType, field.number);
      return;
    }
    const name = field.name;
    if (field.kind === Kind.Message) {
      const end = reader.delimitedEnd();
      out[name] = this.message(
        reader,
        end,
        field.message as CompiledMessage,
        ownObject(out, name),
        depth + 1,
      );
    } else {
      const value = readValue(reader, field);
      if (field.presence || !wasDefault()) out[name] = value;
      else delete out[name];
    }
    const siblings = field.oneofSiblings;
    if (siblings) for (const sibling of siblings) delete out[sibling];
  }

  private repeated(
    reader: WireReader,
    out: Target,
    field: CompiledField,
    wireType: number,
    depth: number,
  ): void {
    if (wireType === WireType.Len && field.packable) {
      const end = reader.delimitedEnd();
      if (reader.pos === end) return;
      const list = ownList(out, field.name);
      const outer = reader.limit;
      reader.limit = end;
      while (reader.pos < end) list.push(readValue(reader, field));
      reader.limit = outer;
      return;
    }
    if (wireType !== field.wireType) {
      reader.skip(wireType, field.number);
      return;
    }
    const list = ownList(out, field.name);
    if (field.kind !== Kind.Message) {
      list.push(readValue(reader, field));
      return;
    }
    const index = list.length;
    try {
      const end = reader.delimitedEnd();
      list.push(this.message(reader, end, field.message as CompiledMessage, undefined, depth + 1));
    } catch (error) {
      throw locate(error, `[${index}]`);
    }
  }

  private mapEntry(reader: WireReader, out: Target, field: CompiledField, depth: number): void {
    const end = reader.delimitedEnd();
    const outer = reader.limit;
    reader.limit = end;
    const longKey = isLongKey(field.keyKind);
    let key: string | undefined;
    let value: unknown;
    let hasValue = false;
    while (reader.pos < end) {
      const tag = reader.tag();
      const number = tag >>> 3;
      const wireType = tag & 7;
      if (number === 1 && wireType === field.keyWireType)
        key = longKey ? readLongKey(reader, field.keyKind) : readMapKey(reader, field.keyKind);
      else if (number === 2 && wireType === field.wireType) {
        if (field.kind === Kind.Message) {
          const valueEnd = reader.delimitedEnd();
          const into = hasValue ? (value as Target) : undefined;
          value = this.message(reader, valueEnd, field.message as CompiledMessage, into, depth + 1);
        } else value = readValue(reader, field);
        hasValue = true;
      } else reader.skip(wireType, number);
    }
    reader.limit = outer;
    const map = ownObject(out, field.name) ?? {};
    out[field.name] = map;
    if (!hasValue) value = absentMapValue(field);
    if (longKey) {
      this.longKeyMaps ??= new Map();
      const stored = this.longKeyMaps.get(map) ?? {};
      this.longKeyMaps.set(map, stored);
      stored[key ?? ABSENT_LONG_KEY] = value;
      rebuildLongKeyMap(map, stored, field.keyKind);
      return;
    }
    key ??= absentMapKey(field.keyKind);
    // A "__proto__" key must become an own property, as protobufjs makes it.
    if (key === "__proto__")
      Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
    else map[key] = value;
  }

  /** google.protobuf.Any: its two fields, then protobufjs's json conversion of an Any. */
  private any(reader: WireReader, end: number, into: Target | undefined, depth: number): Target {
    const fields = into === undefined ? {} : (this.anyFields?.get(into) ?? into);
    readAnyFields(reader, end, fields);
    return this.expandAny ? this.expand(fields, depth) : fields;
  }

  private expand(fields: Target, depth: number): Target {
    const typeUrl = fields.type_url;
    if (typeof typeUrl !== "string") return fields;
    const slash = typeUrl.lastIndexOf("/");
    const name = typeUrl.slice(slash + 1);
    // protobufjs looks the name up from google.protobuf.Any: "" is Any itself, ".x" is absolute.
    const type = this.schema.messages.get(name === "" ? ANY_TYPE : name.replace(/^\./, ""));
    if (!type && name !== ".") return fields;
    let expanded: Target;
    try {
      if (!type) throw new WireFormatError(`Any type URL "${typeUrl}" names no message`);
      const value = (fields.value as Buffer | undefined) ?? EMPTY;
      const reader = new WireReader(value);
      if (type.isAny) {
        // An Any inside an Any is not unwrapped twice: protobufjs gives the inner Any's own fields.
        expanded = readAnyFields(reader, value.length, {});
      } else {
        expanded = this.message(reader, value.length, type, undefined, depth + 1);
        expanded["@type"] = (slash >= 0 ? typeUrl.slice(0, slash + 1) : DEFAULT_TYPE_URL_PREFIX) + type.name;
      }
    } catch (error) {
      if (!(error instanceof WireFormatError)) throw error;
      expanded = {};
      this.failedAnys ??= new Map();
      this.failedAnys.set(expanded, error);
    }
    this.anyFields ??= new Map();
    this.anyFields.set(expanded, fields);
    return expanded;
  }

  /** Throws the error of an undecodable Any payload that is still in `result`, located by its path. */
  throwFailedAny(result: Target): void {
    if (!this.failedAnys) return;
    const found = findFailedAny(result, this.failedAnys, []);
    if (!found) return;
    for (let i = found.path.length - 1; i >= 0; i--) found.error.within(found.path[i] as string);
    throw found.error;
  }
}

function ownObject(out: Target, name: string): Target | undefined {
  return Object.hasOwn(out, name) ? (out[name] as Target) : undefined;
}

function ownList(out: Target, name: string): unknown[] {
  if (Object.hasOwn(out, name)) return out[name] as unknown[];
  const list: unknown[] = [];
  out[name] = list;
  return list;
}
