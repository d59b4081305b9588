import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { ENVOY_PROTO_FILES } from "@/lib/xds/protos";
import { loadEnvoyProtos } from "../../config/envoy-protos";
import { TYPE_URLS } from "../../config/from-xds";
import { compileSchema } from "../wire/compiled";
import { deriveDecodingSchema } from "./derive";
import { sidecarRootTypes } from "./roots";
import { DISCOVERY_RESPONSE_TYPE } from "./schema";
import { decodingSchema } from "./source";

describe("the sidecar's decoding schema", () => {
  const schema = decodingSchema();
  const fields = (type: string) => schema.messages[type] ?? [];

  it("covers DiscoveryResponse, the four resource types and every message of the control plane's proto files", () => {
    const roots = sidecarRootTypes(loadEnvoyProtos(), ENVOY_PROTO_FILES);
    expect(roots).toContain(DISCOVERY_RESPONSE_TYPE);
    for (const url of Object.values(TYPE_URLS)) expect(roots).toContain(url.slice(url.lastIndexOf("/") + 1));
    for (const extension of [
      "envoy.extensions.filters.http.fault.v3.HTTPFault",
      "envoy.extensions.filters.http.router.v3.Router",
      "envoy.extensions.filters.http.rbac.v3.RBACPerRoute",
      "envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit",
      "envoy.extensions.load_balancing_policies.ring_hash.v3.RingHash",
      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
      "envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
      "xds.type.v3.TypedStruct",
    ])
      expect(roots).toContain(extension);
    for (const root of roots) expect(schema.messages[root]).toBeDefined();
    // Closed over references: compiling resolves every message and enum a field names.
    expect(() => compileSchema(schema)).not.toThrow();
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(schema))).toStrictEqual(schema);
  });

  it("names fields as protobufjs does, camelCase only in its bundled well-known types", () => {
    expect(fields("google.protobuf.Value")).toEqual([
      {
        number: 1,
        name: "nullValue",
        kind: "enum",
        type: "google.protobuf.NullValue",
        presence: true,
        oneof: "kind",
      },
      { number: 2, name: "numberValue", kind: "double", presence: true, oneof: "kind" },
      { number: 3, name: "stringValue", kind: "string", presence: true, oneof: "kind" },
      { number: 4, name: "boolValue", kind: "bool", presence: true, oneof: "kind" },
      { number: 5, name: "structValue", kind: "message", type: "google.protobuf.Struct", oneof: "kind" },
      { number: 6, name: "listValue", kind: "message", type: "google.protobuf.ListValue", oneof: "kind" },
    ]);
    expect(fields("envoy.config.core.v3.Locality").map((f) => f.name)).toEqual([
      "region",
      "zone",
      "sub_zone",
    ]);
  });

  it("records maps, packed fields and enums", () => {
    expect(fields("google.protobuf.Struct")).toEqual([
      { number: 1, name: "fields", kind: "message", type: "google.protobuf.Value", mapKey: "string" },
    ]);
    expect(fields("envoy.config.accesslog.v3.GrpcStatusFilter")[0]).toMatchObject({
      name: "statuses",
      kind: "enum",
      repeated: true,
      packed: true,
    });
    expect(schema.enums["envoy.config.cluster.v3.Cluster.DiscoveryType"]).toEqual({
      names: { "0": "STATIC", "1": "STRICT_DNS", "2": "LOGICAL_DNS", "3": "EDS", "4": "ORIGINAL_DST" },
      first: 0,
    });
  });
});

describe("deriveDecodingSchema on what the wire decoder does not implement", () => {
  const derive = (body: string) => {
    const root = protobuf.parse(`syntax = "proto2"; package t; ${body}`, { keepCase: true }).root;
    root.resolveAll();
    return () => deriveDecodingSchema(root, ["t.M"]);
  };

  it("refuses required fields, groups, closed enums and unvalidated strings", () => {
    expect(derive("message M { required int32 x = 1; }")).toThrow("t.M.x: required fields are not supported");
    expect(derive("message M { optional group G = 1 { optional int32 a = 2; } }")).toThrow(
      "group-encoded (delimited) fields are not supported",
    );
    expect(derive("enum E { A = 0; } message M { optional E e = 1; }")).toThrow(
      "t.E: closed enums are not supported",
    );
    expect(derive("message M { optional string s = 1; }")).toThrow(
      "t.M.s: strings without UTF-8 validation are not supported",
    );
    expect(derive("message M { optional int32 x = 1; }")()).toEqual({
      format: 1,
      messages: { "t.M": [{ number: 1, name: "x", kind: "int32", presence: true }] },
      enums: {},
    });
  });
});
