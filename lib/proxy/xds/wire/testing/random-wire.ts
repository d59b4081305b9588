/**
 * Random protobuf encodings of any message in a decoding schema, for differential tests against
 * protobufjs: edge values of every scalar kind, unknown enum numbers, packed and unpacked repeated fields,
 * repeated occurrences of singular fields, map entries missing their key or value, nested Anys of known,
 * unknown and odd type URLs, unknown fields of every wire type (groups too), known fields sent with the
 * wrong wire type, and now and then invalid UTF-8. Seeded, so a failure reproduces. Test support only.
 */
import protobuf from "protobufjs";
import type { DecodingSchema, FieldKind, SchemaField } from "../../schema/schema";

/** mulberry32: a small seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INT32 = [0, 1, -1, 127, 128, 300, 2147483647, -2147483648];
const UINT32 = [0, 1, 127, 128, 65535, 4294967295];
const INT64 = [
  "0",
  "1",
  "-1",
  "4294967296",
  "9007199254740993",
  "-9007199254740993",
  "9223372036854775807",
  "-9223372036854775808",
];
const UINT64 = ["0", "1", "4294967295", "4294967296", "9007199254740993", "18446744073709551615"];
const FLOATS = [0, -0, 1.5, -2.25, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-45];
const DOUBLES = [...FLOATS, Number.MAX_VALUE, 5e-324, 0.1];
const STRINGS = [
  "",
  "a",
  "weft",
  "héllo",
  "漢字",
  "😀",
  "\uFEFFbom",
  "x".repeat(80),
  "__proto__",
  "constructor",
];
const TYPE_URL_PREFIXES = ["type.googleapis.com/", "example.com/custom/", "/", ""];

const WIRE: Readonly<Record<FieldKind, number>> = {
  double: 1,
  float: 5,
  int32: 0,
  uint32: 0,
  sint32: 0,
  fixed32: 5,
  sfixed32: 5,
  int64: 0,
  uint64: 0,
  sint64: 0,
  fixed64: 1,
  sfixed64: 1,
  bool: 0,
  string: 2,
  bytes: 2,
  enum: 0,
  message: 2,
};

export interface RandomWireOptions {
  /** How deep messages may nest (default 3). */
  readonly maxDepth?: number;
  /** Chance of a deliberately malformed string (default 0.01). */
  readonly invalidUtf8?: number;
}

export function randomMessageBytes(
  schema: DecodingSchema,
  typeName: string,
  random: () => number,
  options: RandomWireOptions = {},
): Uint8Array {
  const maxDepth = options.maxDepth ?? 3;
  const invalidUtf8 = options.invalidUtf8 ?? 0.01;
  const messageNames = Object.keys(schema.messages);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  const tag = (w: protobuf.Writer, number: number, wireType: number) =>
    w.uint32(((number << 3) | wireType) >>> 0);
  const long = (text: string) => {
    const bits = BigInt.asUintN(64, BigInt(text));
    return { low: Number(bits & 0xffffffffn) | 0, high: Number(bits >> 32n) | 0, unsigned: false };
  };

  const writeMessage = (w: protobuf.Writer, name: string, depth: number): void => {
    const fields = schema.messages[name] ?? [];
    const chosen = fields.filter(() => chance(depth === 0 ? 0.7 : 0.4));
    for (let i = chosen.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [chosen[i], chosen[j]] = [chosen[j] as SchemaField, chosen[i] as SchemaField];
    }
    const highest = fields.reduce((max, f) => Math.max(max, f.number), 0);
    for (const field of chosen) {
      if (chance(0.1)) writeUnknown(w, highest + 1 + Math.floor(random() * 50), depth);
      writeField(w, field, depth);
    }
    if (chance(0.15)) writeUnknown(w, chance(0.5) ? 536870911 : highest + 100, depth);
  };

  const writeField = (w: protobuf.Writer, field: SchemaField, depth: number): void => {
    if (chance(0.03)) {
      // A valid encoding of the wrong wire type: decoders skip it like an unknown field.
      writeUnknownValue(w, field.number, pick([0, 1, 2, 3, 5].filter((t) => t !== WIRE[field.kind])), depth);
      return;
    }
    if (field.mapKey !== undefined) {
      const entries = 1 + Math.floor(random() * 3);
      for (let i = 0; i < entries; i++) {
        tag(w, field.number, 2).fork();
        if (chance(0.1)) writeUnknown(w, 3 + Math.floor(random() * 5), depth);
        if (chance(0.9)) writeValue(tag(w, 1, WIRE[field.mapKey]), field.mapKey, undefined, depth);
        if (chance(0.9)) writeValue(tag(w, 2, WIRE[field.kind]), field.kind, field.type, depth);
        if (chance(0.05)) writeValue(tag(w, 2, WIRE[field.kind]), field.kind, field.type, depth);
        w.ldelim();
      }
      return;
    }
    if (field.repeated) {
      const count = 1 + Math.floor(random() * 3);
      if (WIRE[field.kind] !== 2 && chance(0.5)) {
        tag(w, field.number, 2).fork();
        for (let i = 0; i < count; i++) writeValue(w, field.kind, field.type, depth);
        w.ldelim();
      } else {
        for (let i = 0; i < count; i++)
          writeValue(tag(w, field.number, WIRE[field.kind]), field.kind, field.type, depth);
      }
      return;
    }
    const occurrences = chance(0.15) ? 2 : 1;
    for (let i = 0; i < occurrences; i++)
      writeValue(tag(w, field.number, WIRE[field.kind]), field.kind, field.type, depth);
  };

  const writeValue = (w: protobuf.Writer, kind: FieldKind, type: string | undefined, depth: number): void => {
    switch (kind) {
      case "double":
        w.double(pick(DOUBLES));
        return;
      case "float":
        w.float(pick(FLOATS));
        return;
      case "int32":
        w.int32(pick(INT32));
        return;
      case "sint32":
        w.sint32(pick(INT32));
        return;
      case "sfixed32":
        w.sfixed32(pick(INT32));
        return;
      case "uint32":
        w.uint32(pick(UINT32));
        return;
      case "fixed32":
        w.fixed32(pick(UINT32));
        return;
      case "int64":
        w.int64(long(pick(INT64)));
        return;
      case "sint64":
        w.sint64(long(pick(INT64)));
        return;
      case "sfixed64":
        w.sfixed64(long(pick(INT64)));
        return;
      case "uint64":
        w.uint64(long(pick(UINT64)));
        return;
      case "fixed64":
        w.fixed64(long(pick(UINT64)));
        return;
      case "bool":
        // Any set bit is true, including bits only the high word holds.
        if (chance(0.2)) w.uint64(long(pick(["2", "4294967296"])));
        else w.bool(chance(0.5));
        return;
      case "string":
        if (chance(invalidUtf8)) w.bytes(new Uint8Array([0x61, 0xff, 0xfe]));
        else w.string(pick(STRINGS));
        return;
      case "bytes":
        w.bytes(
          chance(0.3)
            ? new Uint8Array()
            : Uint8Array.from({ length: 1 + Math.floor(random() * 70) }, () => Math.floor(random() * 256)),
        );
        return;
      case "enum": {
        const numbers = Object.keys(schema.enums[type ?? ""]?.names ?? {}).map(Number);
        w.int32(chance(0.8) && numbers.length > 0 ? pick(numbers) : pick([0, 12345, -7]));
        return;
      }
      case "message":
        w.fork();
        if (type === "google.protobuf.Any") writeAny(w, depth + 1);
        else if (depth < maxDepth && type !== undefined) writeMessage(w, type, depth + 1);
        w.ldelim();
        return;
    }
  };

  const writeAny = (w: protobuf.Writer, depth: number): void => {
    const roll = random();
    const known = depth < maxDepth ? pick(messageNames) : "google.protobuf.Empty";
    let typeUrl: string;
    if (roll < 0.6) typeUrl = pick(TYPE_URL_PREFIXES) + known;
    else if (roll < 0.7) typeUrl = "type.googleapis.com/unknown.v1.Thing";
    else if (roll < 0.75) typeUrl = `type.googleapis.com/.${known}`;
    else if (roll < 0.8) typeUrl = "type.googleapis.com/google.protobuf.Any";
    else if (roll < 0.85) typeUrl = "type.googleapis.com/";
    else typeUrl = "";
    if (typeUrl !== "" || chance(0.5)) tag(w, 1, 2).string(typeUrl);
    if (chance(0.9)) {
      const name = typeUrl.slice(typeUrl.lastIndexOf("/") + 1).replace(/^\./, "") || "google.protobuf.Any";
      const payload = protobuf.Writer.create();
      if (schema.messages[name] && depth < maxDepth) writeMessage(payload, name, depth + 1);
      else payload.uint32(8).uint32(1);
      tag(w, 2, 2).bytes(payload.finish());
    }
    if (chance(0.05)) writeUnknown(w, 3, depth);
  };

  const writeUnknown = (w: protobuf.Writer, number: number, depth: number): void => {
    writeUnknownValue(w, number, pick([0, 1, 2, 3, 5]), depth);
  };

  const writeUnknownValue = (w: protobuf.Writer, number: number, wireType: number, depth: number): void => {
    tag(w, number, wireType);
    if (wireType === 0) w.uint64(long(pick(UINT64)));
    else if (wireType === 1) w.fixed64(long(pick(UINT64)));
    else if (wireType === 2) w.bytes(new Uint8Array([1, 2, 3]));
    else if (wireType === 5) w.fixed32(pick(UINT32));
    else {
      if (depth < maxDepth && chance(0.5)) writeUnknown(w, 1 + Math.floor(random() * 20), depth + 1);
      w.uint32(8).uint32(7);
      tag(w, number, 4);
    }
  };

  const writer = protobuf.Writer.create();
  writeMessage(writer, typeName, 0);
  return writer.finish();
}
