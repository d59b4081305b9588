/**
 * Decodes google.protobuf.Any payloads that arrive as raw bytes, using the Envoy v3 protos shipped in
 * @grpc/grpc-js-xds (deps/), through lib/xds/protos.ts, loaded once on first use.
 */
import type protobuf from "protobufjs";
import { envoyProtoRoot } from "@/lib/xds/protos";
import { isObject, type XdsObject } from "./xds-values";

/** Returns the decoded message (snake_case fields, nested Anys as `@type` objects), or undefined if unknown. */
export type AnyDecoder = (typeUrl: string, value: Uint8Array) => XdsObject | undefined;

/** The Envoy protos as one protobufjs Root (keepCase): the control plane's own loader, loaded once. */
export function loadEnvoyProtos(): protobuf.Root {
  return envoyProtoRoot();
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
