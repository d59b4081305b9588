/**
 * A small proto3 package with every field shape the wire decoder handles (all scalar kinds, an enum with
 * an alias and a negative value, proto3 optional, packed and unpacked repeated fields, maps with string,
 * 64-bit, bool and 32-bit keys, a oneof, Anys), loaded by protobufjs with its schema derived the way the
 * sidecar's is. Test support only.
 */
import protobuf from "protobufjs";
import { TO_OBJECT_OPTIONS } from "../../../config/envoy-protos";
import { deriveDecodingSchema } from "../../schema/derive";
import type { DecodingSchema } from "../../schema/schema";

export const EDGE_PROTO = `
syntax = "proto3";
package weft.wiretest;
import "google/protobuf/any.proto";

enum Color {
  option allow_alias = true;
  COLOR_UNSPECIFIED = 0;
  RED = 1;
  CRIMSON = 1;
  GREEN = 2;
  NEGATIVE = -1;
}

message Scalars {
  double d = 1;
  float f = 2;
  int32 i32 = 3;
  int64 i64 = 4;
  uint32 u32 = 5;
  uint64 u64 = 6;
  sint32 s32 = 7;
  sint64 s64 = 8;
  fixed32 fx32 = 9;
  fixed64 fx64 = 10;
  sfixed32 sfx32 = 11;
  sfixed64 sfx64 = 12;
  bool b = 13;
  string s = 14;
  bytes by = 15;
  Color color = 16;
  optional int32 opt = 17;
}

message Lists {
  repeated int32 packed_ints = 1;
  repeated int32 unpacked_ints = 2 [packed = false];
  repeated sint64 longs = 3;
  repeated double doubles = 4;
  repeated Color colors = 5;
  repeated string names = 6;
  repeated Scalars items = 7;
  repeated fixed32 fixed = 8;
}

message Maps {
  map<string, Scalars> by_name = 1;
  map<int64, string> by_long = 2;
  map<bool, Color> by_flag = 3;
  map<uint32, bytes> by_number = 4;
  map<sint64, int32> by_sint = 5;
}

message Nested {
  Scalars scalars = 1;
  oneof choice {
    string text = 2;
    int32 number = 3;
    Scalars message = 4;
  }
  google.protobuf.Any payload = 5;
  repeated google.protobuf.Any payloads = 6;
  Nested child = 7;
}
`;

export const EDGE_TYPES = ["Scalars", "Lists", "Maps", "Nested"].map((name) => `weft.wiretest.${name}`);

export function edgeRoot(): protobuf.Root {
  const root = new protobuf.Root();
  root.loadSync("google/protobuf/any.proto");
  protobuf.parse(EDGE_PROTO, root, { keepCase: true });
  root.resolveAll();
  return root;
}

export function edgeSchema(root: protobuf.Root): DecodingSchema {
  return deriveDecodingSchema(root, EDGE_TYPES);
}

/** protobufjs's decode + json toObject of `bytes` as `typeName` in `root`. */
export function protobufjsEdgeDecode(root: protobuf.Root, typeName: string, bytes: Uint8Array): unknown {
  const type = root.lookupType(typeName);
  return type.toObject(type.decode(Buffer.from(bytes)), TO_OBJECT_OPTIONS);
}
