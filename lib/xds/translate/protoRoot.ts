/**
 * Test support: loads the Envoy v3 protos shipped in @grpc/grpc-js-xds (never copied into the repo) with
 * protobufjs, keepCase, so the translator's plain objects can be encoded exactly as the xDS server will.
 * The server has its own loader; this one exists to prove every produced resource encodes.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import protobuf from "protobufjs";

const require = createRequire(import.meta.url);

const PROTO_FILES = [
  "envoy/config/listener/v3/listener.proto",
  "envoy/config/route/v3/route.proto",
  "envoy/config/cluster/v3/cluster.proto",
  "envoy/config/endpoint/v3/endpoint.proto",
  "envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto",
  "envoy/extensions/filters/http/fault/v3/fault.proto",
  "envoy/extensions/filters/http/router/v3/router.proto",
  "envoy/extensions/filters/http/local_ratelimit/v3/local_rate_limit.proto",
];

/** Include folders: the deps of @grpc/grpc-js-xds, then protobufjs's own google/protobuf files. */
export function protoIncludeDirs(): string[] {
  const xdsDeps = path.join(path.dirname(require.resolve("@grpc/grpc-js-xds/package.json")), "deps");
  const protobufjsDir = path.dirname(require.resolve("protobufjs/package.json"));
  return [
    ...["envoy-api", "xds", "googleapis", "protoc-gen-validate"].map((dir) => path.join(xdsDeps, dir)),
    protobufjsDir,
  ];
}

let cached: protobuf.Root | undefined;

export function loadEnvoyRoot(): protobuf.Root {
  if (cached) return cached;
  const includeDirs = protoIncludeDirs();
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    for (const dir of includeDirs) {
      const candidate = path.join(dir, target);
      if (existsSync(candidate)) return candidate;
    }
    return target;
  };
  root.loadSync(PROTO_FILES, { keepCase: true });
  root.resolveAll();
  cached = root;
  return root;
}

/** Conversion used to read decoded messages back: names for enums, numbers for 64-bit ints, Any expanded. */
const TO_OBJECT: protobuf.IConversionOptions = { enums: String, longs: Number, defaults: true, json: true };

/**
 * fromObject → encode → decode → toObject. Throws if protobufjs rejects the object. The result contains
 * every field (defaults included), so callers can check that nothing they set was dropped.
 */
export function roundTrip(messageName: string, object: object): Record<string, unknown> {
  const type = loadEnvoyRoot().lookupType(messageName);
  const bytes = type.encode(type.fromObject(object)).finish();
  return type.toObject(type.decode(bytes), TO_OBJECT);
}

/**
 * Paths of values in `sent` that are missing or different in `received` (a decoded message with
 * defaults). A typo in a field name or a wrong nesting shows up here, because protobufjs's fromObject
 * silently drops unknown fields.
 */
export function lostFields(sent: unknown, received: unknown, at = ""): string[] {
  if (Array.isArray(sent)) {
    if (!Array.isArray(received) || received.length !== sent.length) return [at];
    return sent.flatMap((item, index) => lostFields(item, received[index], `${at}[${index}]`));
  }
  if (sent !== null && typeof sent === "object") {
    if (received === null || typeof received !== "object") return [at];
    return Object.entries(sent).flatMap(([key, value]) =>
      lostFields(value, (received as Record<string, unknown>)[key], at === "" ? key : `${at}.${key}`),
    );
  }
  return sent === received ? [] : [at];
}
