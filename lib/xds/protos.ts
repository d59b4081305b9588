import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import protobuf from "protobufjs";
import { canonicalJson } from "./canonical-json";
import { findObjectProblems } from "./object-check";
import { MESSAGE_NAMES, nameFieldOf, type ResourceKind, TYPE_URLS } from "./resource-types";

// Envoy's v3 API, read from the protos that ship inside @grpc/grpc-js-xds (never copied into this repo).
// Every message a resource may embed in a google.protobuf.Any must be loaded here, or encoding refuses it.
export const ENVOY_PROTO_FILES: readonly string[] = [
  "envoy/service/discovery/v3/ads.proto",
  "envoy/config/listener/v3/listener.proto",
  "envoy/config/route/v3/route.proto",
  "envoy/config/cluster/v3/cluster.proto",
  "envoy/config/endpoint/v3/endpoint.proto",
  "envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto",
  "envoy/extensions/filters/http/router/v3/router.proto",
  "envoy/extensions/filters/http/fault/v3/fault.proto",
  "envoy/extensions/filters/http/rbac/v3/rbac.proto",
  "envoy/extensions/filters/http/local_ratelimit/v3/local_rate_limit.proto",
  "envoy/extensions/load_balancing_policies/round_robin/v3/round_robin.proto",
  "envoy/extensions/load_balancing_policies/random/v3/random.proto",
  "envoy/extensions/load_balancing_policies/least_request/v3/least_request.proto",
  "envoy/extensions/load_balancing_policies/ring_hash/v3/ring_hash.proto",
  "envoy/extensions/load_balancing_policies/maglev/v3/maglev.proto",
  "envoy/extensions/load_balancing_policies/pick_first/v3/pick_first.proto",
  "envoy/extensions/load_balancing_policies/wrr_locality/v3/wrr_locality.proto",
  "envoy/extensions/upstreams/http/v3/http_protocol_options.proto",
  "envoy/extensions/retry/host/previous_hosts/v3/previous_hosts.proto",
  "envoy/extensions/transport_sockets/tls/v3/tls.proto",
  "udpa/type/v1/typed_struct.proto",
  "xds/type/v3/typed_struct.proto",
];

const requireFromHere = createRequire(import.meta.url);

/** Include paths: the four deps/ folders of @grpc/grpc-js-xds, plus protobufjs's own google/protobuf/*. */
export function envoyProtoIncludeDirs(): string[] {
  const xdsPackageDir = path.dirname(requireFromHere.resolve("@grpc/grpc-js-xds/package.json"));
  const protobufjsDir = path.dirname(requireFromHere.resolve("protobufjs/package.json"));
  const deps = ["envoy-api", "xds", "googleapis", "protoc-gen-validate"].map((dir) =>
    path.join(xdsPackageDir, "deps", dir),
  );
  return [...deps, protobufjsDir];
}

let loadedRoot: protobuf.Root | undefined;

/** The loaded protobufjs root (snake_case field names), loaded once per process. */
export function envoyProtoRoot(): protobuf.Root {
  if (loadedRoot) return loadedRoot;
  const includeDirs = envoyProtoIncludeDirs();
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    if (path.isAbsolute(target)) return target;
    for (const dir of includeDirs) {
      const candidate = path.join(dir, target);
      if (fs.existsSync(candidate)) return candidate;
    }
    return target;
  };
  root.loadSync([...ENVOY_PROTO_FILES], { keepCase: true });
  root.resolveAll();
  loadedRoot = root;
  return root;
}

export function messageType(fullName: string): protobuf.Type {
  return envoyProtoRoot().lookupType(fullName);
}

export interface AnyMessage {
  type_url: string;
  value: Uint8Array;
}

/** One resource, encoded once: its name, its content hash (the per-resource version) and the Any. */
export interface EncodedResource {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly version: string;
  readonly any: AnyMessage;
  /** The canonical plain object it was encoded from (used by the consistency check). */
  readonly source: Readonly<Record<string, unknown>>;
}

export class ResourceEncodingError extends Error {
  constructor(
    readonly kind: ResourceKind,
    readonly resourceName: string,
    readonly problems: readonly string[],
  ) {
    super(`cannot encode ${kind} resource "${resourceName}": ${problems.join("; ")}`);
    this.name = "ResourceEncodingError";
  }
}

/** A short, opaque content hash: 16 hex digits of SHA-256. */
export function contentHash(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 16);
}

// Many nodes share identical resources (every proxy gets the same clusters), so encodings are cached by
// object identity and by canonical content. The content cache is bounded (least recently used evicted).
// Objects are deep-frozen once encoded: mutating one later would otherwise go unseen by the identity cache,
// so a mutation throws instead (ESM code is strict mode).
const MAX_CACHED_ENCODINGS = 50_000;
const encodedByObject = new WeakMap<object, EncodedResource>();
const encodedByContent = new Map<string, EncodedResource>();

export function encodeResource(kind: ResourceKind, resource: object): EncodedResource {
  const byObject = encodedByObject.get(resource);
  if (byObject && byObject.kind === kind) return byObject;
  const text = canonicalJson(resource);
  const cacheKey = `${kind}\n${text}`;
  let encoded = encodedByContent.get(cacheKey);
  if (encoded) {
    encodedByContent.delete(cacheKey); // re-insert: the Map's order is then least recently used first
    encodedByContent.set(cacheKey, encoded);
  } else {
    encoded = encodeCanonical(kind, JSON.parse(text) as Record<string, unknown>);
    if (encodedByContent.size >= MAX_CACHED_ENCODINGS) {
      const oldest = encodedByContent.keys().next();
      if (!oldest.done) encodedByContent.delete(oldest.value);
    }
    encodedByContent.set(cacheKey, encoded);
  }
  encodedByObject.set(deepFreeze(resource), encoded);
  return encoded;
}

function deepFreeze<T extends object>(value: T): T {
  if (Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
  Object.freeze(value);
  for (const item of Object.values(value)) {
    if (item !== null && typeof item === "object") deepFreeze(item);
  }
  return value;
}

function encodeCanonical(kind: ResourceKind, source: Record<string, unknown>): EncodedResource {
  const nameValue = source[nameFieldOf(kind)];
  const name = typeof nameValue === "string" ? nameValue : "";
  if (name === "")
    throw new ResourceEncodingError(kind, name, [`${nameFieldOf(kind)} must be a non-empty string`]);
  const type = messageType(MESSAGE_NAMES[kind]);
  const problems = findObjectProblems(type, source);
  if (problems.length > 0) throw new ResourceEncodingError(kind, name, problems);
  let value: Uint8Array;
  try {
    value = type.encode(type.fromObject(source)).finish();
  } catch (error) {
    throw new ResourceEncodingError(kind, name, [error instanceof Error ? error.message : String(error)]);
  }
  return { kind, name, version: contentHash(value), any: { type_url: TYPE_URLS[kind], value }, source };
}

/** Decodes an Any back into a plain object (nested Anys expanded with "@type"); for tests and debugging. */
export function decodeAny(any: AnyMessage): Record<string, unknown> {
  const name = any.type_url.slice(any.type_url.lastIndexOf("/") + 1);
  const type = messageType(name);
  return type.toObject(type.decode(any.value), { json: true, longs: String, enums: String });
}
