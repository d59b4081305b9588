/**
 * The sidecar's AnyDecoder: resources and nested Anys decoded by the schema-driven wire decoder into the
 * shape lib/proxy/config/ reads (protobufjs's json toObject), without protobufjs.
 */
import type { AnyDecoder } from "../../config/envoy-protos";
import { decodingSchema } from "../schema/source";
import { type CompiledSchema, compileSchema } from "./compiled";
import { decodeMessage } from "./decode";

/** Decodes by the type URL's last segment; undefined for a type the schema does not have. */
export function schemaAnyDecoder(schema: CompiledSchema): AnyDecoder {
  return (typeUrl, value) => {
    const type = schema.messages.get(typeUrl.slice(typeUrl.lastIndexOf("/") + 1));
    return type && decodeMessage(schema, type, value);
  };
}

/** The sidecar's own schema, compiled on first use. */
export function sidecarSchema(): CompiledSchema {
  return compileSchema(decodingSchema());
}

let sidecarDecoder: AnyDecoder | undefined;

/** The default decoder of lib/proxy/config: the sidecar's schema, loaded on the first call. */
export const envoyAnyDecoder: AnyDecoder = (typeUrl, value) => {
  sidecarDecoder ??= schemaAnyDecoder(sidecarSchema());
  return sidecarDecoder(typeUrl, value);
};
