/**
 * The AnyDecoder contract of lib/proxy/config, and its protobufjs implementation over the control plane's
 * Envoy protos (lib/xds/protos.ts). The sidecar itself decodes with lib/proxy/xds/wire/ instead, which
 * gives the same objects without protobufjs; this one remains the reference the tests compare it with.
 * Nothing the sidecar runs may import values from this file: that would bring protobufjs back into its
 * bundle (bin/proxy-bundle.mjs refuses to build then).
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
