import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { sidecarSchema } from "./any-decoder";
import { compileSchema } from "./compiled";
import { decodeMessage } from "./decode";
import { edgeRoot, edgeSchema, protobufjsEdgeDecode } from "./testing/edge-proto";
import { protobufjsDecode } from "./testing/reference";

// Hand-made encodings of the cases that matter, each checked against an explicit expectation and
// against protobufjs on the same protos.

const root = edgeRoot();
const schema = edgeSchema(root);
const compiled = compileSchema(schema);
const W = () => protobuf.Writer.create();
const tag = (w: protobuf.Writer, field: number, wireType: number) =>
  w.uint32(((field << 3) | wireType) >>> 0);
const long = (text: string) => {
  const bits = BigInt.asUintN(64, BigInt(text));
  return { low: Number(bits & 0xffffffffn) | 0, high: Number(bits >> 32n) | 0, unsigned: false };
};
const SCALARS = "weft.wiretest.Scalars";
const ANY_URL = "type.googleapis.com/weft.wiretest.Scalars";

/** Decodes with the wire decoder, checks it equals protobufjs, and returns it. */
function decoded(typeName: string, bytes: Uint8Array): unknown {
  const type = compiled.messages.get(typeName);
  if (!type) throw new Error(`no ${typeName}`);
  const actual = decodeMessage(compiled, type, bytes);
  expect(actual).toStrictEqual(protobufjsEdgeDecode(root, typeName, bytes));
  return actual;
}

function anyOf(typeUrl: string | undefined, payload?: Uint8Array): Uint8Array {
  const w = W();
  if (typeUrl !== undefined) tag(w, 1, 2).string(typeUrl);
  if (payload) tag(w, 2, 2).bytes(payload);
  return w.finish();
}

describe("scalars", () => {
  it("converts every kind as toObject with longs and enums as strings and json", () => {
    const w = W();
    tag(w, 1, 1).double(Number.NaN);
    tag(w, 2, 5).float(Number.NEGATIVE_INFINITY);
    tag(w, 3, 0).int32(-5);
    tag(w, 4, 0).int64(long("-1"));
    tag(w, 5, 0).uint32(4294967295);
    tag(w, 6, 0).uint64(long("18446744073709551615"));
    tag(w, 7, 0).sint32(-3);
    tag(w, 8, 0).sint64(long("-9223372036854775808"));
    tag(w, 9, 5).fixed32(4294967295);
    tag(w, 10, 1).fixed64(long("18446744073709551615"));
    tag(w, 11, 5).sfixed32(-1);
    tag(w, 12, 1).sfixed64(long("-2"));
    tag(w, 13, 0).bool(true);
    tag(w, 14, 2).string("é\uFEFF");
    tag(w, 15, 2).bytes(new Uint8Array([1, 2]));
    tag(w, 16, 0).int32(99);
    expect(decoded(SCALARS, w.finish())).toStrictEqual({
      d: "NaN",
      f: "-Infinity",
      i32: -5,
      i64: "-1",
      u32: 4294967295,
      u64: "18446744073709551615",
      s32: -3,
      s64: "-9223372036854775808",
      fx32: 4294967295,
      fx64: "18446744073709551615",
      sfx32: -1,
      sfx64: "-2",
      b: true,
      s: "é\uFEFF",
      by: Buffer.from([1, 2]),
      color: 99,
    });
  });

  it("names enums by their first name (aliases never win) and keeps unknown numbers", () => {
    expect(schema.enums["weft.wiretest.Color"]?.names).toEqual({
      "0": "COLOR_UNSPECIFIED",
      "1": "RED",
      "2": "GREEN",
      "-1": "NEGATIVE",
    });
    expect(decoded(SCALARS, tag(W(), 16, 0).int32(1).finish())).toStrictEqual({ color: "RED" });
    expect(decoded(SCALARS, tag(W(), 16, 0).int32(-1).finish())).toStrictEqual({ color: "NEGATIVE" });
    expect(decoded(SCALARS, tag(W(), 16, 0).int32(7).finish())).toStrictEqual({ color: 7 });
  });

  it("keeps the last of repeated singular values; a later default removes the field unless it has presence", () => {
    const w = W();
    tag(w, 3, 0).int32(5);
    tag(w, 14, 2).string("first");
    tag(w, 14, 2).string("second");
    tag(w, 3, 0).int32(0);
    tag(w, 17, 0).int32(0);
    tag(w, 1, 1).double(-0);
    tag(w, 16, 0).int32(2);
    tag(w, 16, 0).int32(0);
    expect(decoded(SCALARS, w.finish())).toStrictEqual({ s: "second", opt: 0, d: -0 });
  });

  it("takes bool as any set bit of the varint and 32-bit fields as its low bits", () => {
    const w = W();
    tag(w, 13, 0).uint64(long("4294967296"));
    tag(w, 5, 0).uint64(long("4294967298"));
    expect(decoded(SCALARS, w.finish())).toStrictEqual({ b: true, u32: 2 });
  });
});

describe("repeated fields and maps", () => {
  it("accepts packed and unpacked encodings, mixed, for numeric fields", () => {
    const w = W();
    tag(w, 1, 2).fork().int32(1).int32(-1).int32(300).ldelim();
    tag(w, 1, 0).int32(4);
    tag(w, 2, 2).fork().int32(7).int32(8).ldelim();
    tag(w, 2, 0).int32(9);
    tag(w, 3, 2).fork().sint64(long("-2")).sint64(long("9223372036854775807")).ldelim();
    tag(w, 4, 1).double(Number.POSITIVE_INFINITY);
    tag(w, 5, 2).fork().int32(1).int32(99).ldelim();
    tag(w, 6, 2).string("");
    tag(w, 7, 2).fork().ldelim();
    tag(w, 8, 2).fork().fixed32(1).fixed32(2).ldelim();
    tag(w, 2, 2).fork().ldelim();
    expect(decoded("weft.wiretest.Lists", w.finish())).toStrictEqual({
      packed_ints: [1, -1, 300, 4],
      unpacked_ints: [7, 8, 9],
      longs: ["-2", "9223372036854775807"],
      doubles: ["Infinity"],
      colors: ["RED", 99],
      names: [""],
      items: [{}],
      fixed: [1, 2],
    });
  });

  it("leaves out repeated fields that stay empty", () => {
    expect(decoded("weft.wiretest.Lists", tag(W(), 1, 2).fork().ldelim().finish())).toStrictEqual({});
  });

  it("fills missing keys and values as protobufjs does, for every key kind", () => {
    const w = W();
    tag(w, 1, 2).fork();
    tag(w, 2, 2).fork();
    tag(w, 3, 0).int32(1);
    w.ldelim().ldelim();
    tag(w, 1, 2).fork();
    tag(w, 1, 2).string("__proto__");
    tag(w, 2, 2).fork().ldelim();
    w.ldelim();
    tag(w, 2, 2).fork();
    tag(w, 1, 0).int64(long("-1"));
    tag(w, 2, 2).string("minus one");
    w.ldelim();
    tag(w, 2, 2).fork();
    tag(w, 2, 2).string("no key");
    w.ldelim();
    tag(w, 3, 2).fork();
    tag(w, 1, 0).bool(true);
    w.ldelim();
    tag(w, 4, 2).fork();
    tag(w, 1, 0).uint32(4294967295);
    w.ldelim();
    tag(w, 5, 2).fork();
    tag(w, 1, 0).sint64(long("-3"));
    tag(w, 2, 0).int32(4);
    w.ldelim();
    const result = decoded("weft.wiretest.Maps", w.finish()) as Record<string, Record<string, unknown>>;
    expect(result).toStrictEqual({
      by_name: { "": { i32: 1 }, ["__proto__"]: {} },
      by_long: { "-1": "minus one", "0": "no key" },
      by_flag: { true: "COLOR_UNSPECIFIED" },
      by_number: { "4294967295": [] },
      by_sint: { "-3": 4 },
    });
    expect(Object.hasOwn(result.by_name ?? {}, "__proto__")).toBe(true);
  });

  it("keeps protobufjs's two entries for 64-bit key 0: the explicit one wins over a key-less one", () => {
    const w = W();
    tag(w, 2, 2).fork();
    tag(w, 1, 0).int64(long("0"));
    tag(w, 2, 2).string("explicit");
    w.ldelim();
    tag(w, 2, 2).fork();
    tag(w, 2, 2).string("key-less");
    w.ldelim();
    expect(decoded("weft.wiretest.Maps", w.finish())).toStrictEqual({ by_long: { "0": "explicit" } });
  });
});

describe("messages, oneofs and unknown fields", () => {
  it("merges a singular message seen twice and keeps only the last oneof member", () => {
    const w = W();
    tag(w, 1, 2).fork();
    tag(w, 3, 0).int32(1);
    w.ldelim();
    tag(w, 2, 2).string("text");
    tag(w, 1, 2).fork();
    tag(w, 14, 2).string("x");
    w.ldelim();
    tag(w, 4, 2).fork();
    tag(w, 3, 0).int32(2);
    w.ldelim();
    tag(w, 3, 0).int32(0);
    expect(decoded("weft.wiretest.Nested", w.finish())).toStrictEqual({
      scalars: { i32: 1, s: "x" },
      number: 0,
    });
  });

  it("skips unknown fields of every wire type, nested groups included, and known fields of the wrong type", () => {
    const w = W();
    tag(w, 3, 0).int32(7);
    tag(w, 100, 0).uint64(long("18446744073709551615"));
    tag(w, 101, 1).fixed64(long("1"));
    tag(w, 102, 2).bytes(new Uint8Array([1, 2, 3]));
    tag(w, 103, 5).fixed32(5);
    tag(w, 104, 3);
    tag(w, 105, 3);
    tag(w, 1, 0).uint32(1);
    tag(w, 105, 4);
    tag(w, 2, 2).string("inside");
    tag(w, 104, 4);
    tag(w, 14, 0).uint32(1);
    tag(w, 3, 1).fixed64(long("9"));
    expect(decoded(SCALARS, w.finish())).toStrictEqual({ i32: 7 });
  });
});

describe("google.protobuf.Any", () => {
  const payload = tag(W(), 3, 0).int32(7).finish();

  it("expands known types with @type from the URL's prefix, and leaves unknown ones as they are", () => {
    const w = W();
    tag(w, 6, 2).bytes(anyOf(ANY_URL, payload));
    tag(w, 6, 2).bytes(anyOf("example.com/custom/weft.wiretest.Scalars", payload));
    tag(w, 6, 2).bytes(anyOf("weft.wiretest.Scalars", payload));
    tag(w, 6, 2).bytes(anyOf("type.googleapis.com/.weft.wiretest.Scalars", payload));
    tag(w, 6, 2).bytes(anyOf(ANY_URL));
    tag(w, 6, 2).bytes(anyOf("type.googleapis.com/no.such.Type", payload));
    tag(w, 6, 2).bytes(anyOf(undefined, payload));
    tag(w, 6, 2).bytes(anyOf("type.googleapis.com/google.protobuf.Any", anyOf(ANY_URL, payload)));
    expect(decoded("weft.wiretest.Nested", w.finish())).toStrictEqual({
      payloads: [
        { i32: 7, "@type": ANY_URL },
        { i32: 7, "@type": "example.com/custom/weft.wiretest.Scalars" },
        { i32: 7, "@type": ANY_URL },
        { i32: 7, "@type": ANY_URL },
        { "@type": ANY_URL },
        { type_url: "type.googleapis.com/no.such.Type", value: Buffer.from(payload) },
        { value: Buffer.from(payload) },
        { type_url: ANY_URL, value: Buffer.from(payload) },
      ],
    });
  });

  it("merges a singular Any seen twice before expanding it", () => {
    const w = W();
    tag(w, 5, 2).bytes(anyOf(ANY_URL, payload));
    tag(w, 5, 2).bytes(anyOf(undefined, tag(W(), 14, 2).string("later").finish()));
    expect(decoded("weft.wiretest.Nested", w.finish())).toStrictEqual({
      payload: { s: "later", "@type": ANY_URL },
    });
  });

  it("leaves Anys raw when asked (the DiscoveryResponse's resources)", () => {
    const bytes = tag(W(), 5, 2).bytes(anyOf(ANY_URL, payload)).finish();
    const type = compiled.messages.get("weft.wiretest.Nested");
    if (!type) throw new Error("no Nested");
    expect(decodeMessage(compiled, type, bytes, { expandAny: false })).toStrictEqual({
      payload: { type_url: ANY_URL, value: Buffer.from(payload) },
    });
  });
});

describe("google.protobuf.Struct", () => {
  it("gives Value's members camelCase, as protobufjs's bundled well-known types are", () => {
    const struct = protobufjsStruct({
      fields: {
        number: { numberValue: 1.5 },
        nothing: { nullValue: "NULL_VALUE" },
        list: { listValue: { values: [{ boolValue: true }, { stringValue: "x" }] } },
        empty: { structValue: { fields: {} } },
        both: { stringValue: "first", boolValue: false },
      },
    });
    const sidecar = sidecarSchema();
    const type = sidecar.messages.get("google.protobuf.Struct");
    if (!type) throw new Error("no Struct");
    const actual = decodeMessage(sidecar, type, struct);
    expect(actual).toStrictEqual(protobufjsDecode("google.protobuf.Struct", struct));
    expect(actual).toStrictEqual({
      fields: {
        number: { numberValue: 1.5 },
        nothing: { nullValue: "NULL_VALUE" },
        list: { listValue: { values: [{ boolValue: true }, { stringValue: "x" }] } },
        empty: { structValue: {} },
        both: { boolValue: false },
      },
    });
  });
});

function protobufjsStruct(value: Record<string, unknown>): Uint8Array {
  const structRoot = new protobuf.Root();
  structRoot.loadSync("google/protobuf/struct.proto");
  const type = structRoot.lookupType("google.protobuf.Struct");
  return type.encode(type.fromObject(value)).finish();
}
