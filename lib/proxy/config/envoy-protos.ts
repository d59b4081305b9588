/**
 * Decodes google.protobuf.Any payloads that arrive as raw bytes, using the Envoy v3 protos shipped in
 * @grpc/grpc-js-xds (deps/). Loaded lazily and once: about 0.1 s, paid only if bytes ever arrive.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import protobuf from "protobufjs";
import { isObject, type XdsObject } from "./xds-values";

/** Returns the decoded message (snake_case fields, nested Anys as `@type` objects), or undefined if unknown. */
export type AnyDecoder = (typeUrl: string, value: Uint8Array) => XdsObject | undefined;

const PROTO_FILES = [
  "envoy/config/listener/v3/listener.proto",
  "envoy/config/route/v3/route.proto",
  "envoy/config/cluster/v3/cluster.proto",
  "envoy/config/endpoint/v3/endpoint.proto",
  "envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto",
  "envoy/extensions/filters/http/fault/v3/fault.proto",
  "envoy/extensions/filters/http/router/v3/router.proto",
  "envoy/extensions/filters/http/local_ratelimit/v3/local_rate_limit.proto",
  "envoy/extensions/upstreams/http/v3/http_protocol_options.proto",
];

let cachedRoot: protobuf.Root | undefined;

/** The Envoy protos as one protobufjs Root (keepCase), loaded synchronously on first use. */
export function loadEnvoyProtos(): protobuf.Root {
  if (cachedRoot) return cachedRoot;
  const require = createRequire(import.meta.url);
  const deps = path.join(path.dirname(require.resolve("@grpc/grpc-js-xds/package.json")), "deps");
  const includeDirs = [
    ...["envoy-api", "xds", "googleapis", "protoc-gen-validate"].map((d) => path.join(deps, d)),
    // google/protobuf/descriptor.proto and friends that protobufjs does not bundle in code.
    path.dirname(require.resolve("protobufjs/package.json")),
  ];
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) =>
    includeDirs.map((dir) => path.join(dir, target)).find((p) => fs.existsSync(p)) ?? target;
  root.loadSync(PROTO_FILES, { keepCase: true });
  root.resolveAll();
  cachedRoot = root;
  return root;
}

export const TO_OBJECT_OPTIONS: protobuf.IConversionOptions = { longs: String, enums: String, json: true };

export function protobufAnyDecoder(root: protobuf.Root): AnyDecoder {
  return (typeUrl, value) => {
    const name = typeUrl.slice(typeUrl.lastIndexOf("/") + 1);
    let type: protobuf.Type;
    try {
      type = root.lookupType(name);
    } catch {
      return undefined;
    }
    const decoded = type.toObject(type.decode(value), TO_OBJECT_OPTIONS);
    return isObject(decoded) ? decoded : undefined;
  };
}

/** The default decoder: loads the Envoy protos on the first call only. */
export const lazyEnvoyAnyDecoder: AnyDecoder = (typeUrl, value) =>
  protobufAnyDecoder(loadEnvoyProtos())(typeUrl, value);
