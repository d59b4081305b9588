import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { compileSchema } from "./compiled";
import { decodeMessage } from "./decode";
import { edgeRoot, edgeSchema, protobufjsEdgeDecode } from "./testing/edge-proto";
import { WireFormatError } from "./wire-error";

// Malformed encodings throw a WireFormatError whose message names the field path and what broke, in
// every case where protobufjs throws too.

const root = edgeRoot();
const compiled = compileSchema(edgeSchema(root));
const W = () => protobuf.Writer.create();
const tag = (w: protobuf.Writer, field: number, wireType: number) =>
  w.uint32(((field << 3) | wireType) >>> 0);

function failure(typeName: string, bytes: Uint8Array): WireFormatError {
  expect(() => protobufjsEdgeDecode(root, typeName, bytes)).toThrow();
  const type = compiled.messages.get(`weft.wiretest.${typeName.replace(/^weft\.wiretest\./, "")}`);
  if (!type) throw new Error(`no ${typeName}`);
  try {
    decodeMessage(compiled, type, bytes);
  } catch (error) {
    if (error instanceof WireFormatError) return error;
    throw error;
  }
  throw new Error("decoded without an error");
}

const scalars = (...bytes: number[]) => failure("weft.wiretest.Scalars", new Uint8Array(bytes));

describe("malformed encodings", () => {
  it("names what broke and where", () => {
    expect(scalars(0x18, 0x80).message).toBe("weft.wiretest.Scalars.i32: truncated varint");
    expect(scalars(0x18, ...Array(10).fill(0xff), 0x01).message).toBe(
      "weft.wiretest.Scalars.i32: varint longer than 10 bytes",
    );
    expect(scalars(0x72, 0x05, 0x61).message).toBe(
      "weft.wiretest.Scalars.s: length 5 runs past the end (1 bytes left)",
    );
    expect(scalars(0x09, 1, 2, 3).message).toBe("weft.wiretest.Scalars.d: truncated double");
    expect(scalars(0x72, 0x02, 0xff, 0xfe).message).toBe(
      "weft.wiretest.Scalars.s: invalid UTF-8 in a string",
    );
    expect(scalars(0x0f).message).toBe("weft.wiretest.Scalars.d: invalid wire type 7 (field 1)");
    expect(scalars(0xa6, 0x06, 0x00).message).toBe("weft.wiretest.Scalars: invalid wire type 6 (field 100)");
    expect(scalars(0x0c).message).toBe(
      "weft.wiretest.Scalars.d: end-group tag of field 1 without a start-group",
    );
    expect(scalars(0x00).message).toBe("weft.wiretest.Scalars: invalid tag: field number 0");
    expect(scalars(0xa3, 0x06, 0x08, 0x01).message).toBe(
      "weft.wiretest.Scalars: group of field 100 is not closed",
    );
    expect(scalars(0xa3, 0x06, 0xac, 0x06).message).toBe(
      "weft.wiretest.Scalars: end-group tag of field 101 closes the group of field 100",
    );
    expect(scalars(0x80, 0x80, 0x80, 0x80, 0x7f).message).toBe("weft.wiretest.Scalars: invalid tag encoding");
    expect(scalars(0x72, 0xff, 0xff, 0xff, 0xff, 0x0f).message).toBe(
      "weft.wiretest.Scalars.s: invalid length encoding",
    );
  });

  it("locates errors inside nested messages, list elements, map values and Any payloads", () => {
    const truncated = new Uint8Array([0x18, 0x80]);
    const nested = tag(W(), 1, 2).bytes(truncated).finish();
    expect(failure("weft.wiretest.Nested", nested).message).toBe(
      "weft.wiretest.Nested.scalars.i32: truncated varint",
    );

    const lists = W();
    tag(lists, 7, 2).bytes(new Uint8Array());
    tag(lists, 7, 2).bytes(truncated);
    expect(failure("weft.wiretest.Lists", lists.finish()).message).toBe(
      "weft.wiretest.Lists.items[1].i32: truncated varint",
    );

    const maps = W();
    tag(maps, 1, 2).fork();
    tag(maps, 2, 2).bytes(truncated);
    maps.ldelim();
    expect(failure("weft.wiretest.Maps", maps.finish()).message).toBe(
      "weft.wiretest.Maps.by_name.i32: truncated varint",
    );

    const any = W();
    tag(any, 1, 2).string("type.googleapis.com/weft.wiretest.Scalars");
    tag(any, 2, 2).bytes(truncated);
    const withAny = tag(W(), 5, 2).bytes(any.finish()).finish();
    expect(failure("weft.wiretest.Nested", withAny).message).toBe(
      "weft.wiretest.Nested.payload.i32: truncated varint",
    );
  });

  it("refuses messages nested deeper than protobufjs's limit of 100", () => {
    let bytes: Uint8Array = new Uint8Array();
    for (let depth = 0; depth < 102; depth++) bytes = tag(W(), 7, 2).bytes(bytes).finish();
    expect(failure("weft.wiretest.Nested", bytes).message).toMatch(
      /^weft\.wiretest\.Nested(\.child)+: messages nested more than 100 deep$/,
    );
  });

  it("reports an undecodable Any payload only if it is still in the result, as protobufjs does", () => {
    const broken = W();
    tag(broken, 1, 2).string("type.googleapis.com/weft.wiretest.Scalars");
    tag(broken, 2, 2).bytes(new Uint8Array([0x18, 0x80]));
    const replaced = W();
    tag(replaced, 5, 2).bytes(broken.finish());
    tag(replaced, 5, 2).fork();
    tag(replaced, 2, 2).bytes(new Uint8Array([0x18, 0x01]));
    replaced.ldelim();
    const bytes = replaced.finish();
    const type = compiled.messages.get("weft.wiretest.Nested");
    if (!type) throw new Error("no Nested");
    expect(decodeMessage(compiled, type, bytes)).toStrictEqual(
      protobufjsEdgeDecode(root, "weft.wiretest.Nested", bytes),
    );
    expect(decodeMessage(compiled, type, bytes)).toStrictEqual({
      payload: { i32: 1, "@type": "type.googleapis.com/weft.wiretest.Scalars" },
    });
  });
});
