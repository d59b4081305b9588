import type { Diagnostics } from "./diagnostics";
import type { AnyDecoder } from "./envoy-protos";
import { field, isObject, stringField, toBytes, type XdsObject } from "./xds-values";

export interface UnpackedAny {
  readonly typeUrl: string;
  /** Short type name, e.g. "envoy.extensions.filters.http.fault.v3.HTTPFault". */
  readonly typeName: string;
  /** The message's fields, or undefined when its type is unknown to the decoder. */
  readonly message: XdsObject | undefined;
}

/**
 * Unpacks a google.protobuf.Any in either shape protobufjs produces: `{ "@type": url, ...fields }` (json
 * conversion) or `{ type_url, value: bytes }`, which is decoded with `decode`. Reports malformed payloads.
 */
export function unpackAny(value: unknown, decode: AnyDecoder, d: Diagnostics): UnpackedAny | undefined {
  if (!isObject(value)) {
    d.error("is not a google.protobuf.Any");
    return undefined;
  }
  const jsonType = stringField(value, "@type");
  if (jsonType !== undefined) {
    const { "@type": _type, ...fields } = value;
    return { typeUrl: jsonType, typeName: typeNameOf(jsonType), message: fields };
  }
  const typeUrl = stringField(value, "type_url") ?? stringField(value, "typeUrl");
  if (typeUrl === undefined || typeUrl === "") {
    d.error("Any has no type_url");
    return undefined;
  }
  const bytes = toBytes(field(value, "value")) ?? new Uint8Array();
  try {
    return { typeUrl, typeName: typeNameOf(typeUrl), message: decode(typeUrl, bytes) };
  } catch (err) {
    d.error(`cannot decode ${typeNameOf(typeUrl)}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

export function typeNameOf(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf("/") + 1);
}
