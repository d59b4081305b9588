/**
 * The decoding schema: what the sidecar's wire decoder needs to know about each protobuf message it may
 * meet, as plain JSON. It is derived from the control plane's protobufjs root (derive.ts), so names, enum
 * tables and presence rules are exactly protobufjs's; the sidecar bundle carries it precomputed.
 */

export const SCHEMA_FORMAT = 1;

export type ScalarKind =
  | "double"
  | "float"
  | "int32"
  | "uint32"
  | "sint32"
  | "fixed32"
  | "sfixed32"
  | "int64"
  | "uint64"
  | "sint64"
  | "fixed64"
  | "sfixed64"
  | "bool"
  | "string"
  | "bytes";

/** Map keys: any scalar but floating point and bytes. */
export type MapKeyKind = Exclude<ScalarKind, "double" | "float" | "bytes">;

export type FieldKind = ScalarKind | "enum" | "message";

export interface SchemaField {
  readonly number: number;
  /** The name protobufjs gives the field (snake_case for Envoy's protos, camelCase for its bundled WKTs). */
  readonly name: string;
  /** For a map, the kind of its values. */
  readonly kind: FieldKind;
  /** Full name (no leading dot) of the enum or message, for those kinds. */
  readonly type?: string;
  readonly repeated?: true;
  /** Declared packed (repeated numeric fields); the decoder accepts both encodings either way. */
  readonly packed?: true;
  /** Explicit presence (oneof members, proto3 `optional`): kept even when it holds the default value. */
  readonly presence?: true;
  /** The oneof the field belongs to; setting one member clears the others. */
  readonly oneof?: string;
  /** Set for map fields: the key's kind. */
  readonly mapKey?: MapKeyKind;
}

export interface SchemaEnum {
  /** Number → name, as protobufjs's valuesById: an alias never replaces the first name of a number. */
  readonly names: Readonly<Record<string, string>>;
  /** The first declared value (protobufjs's default for fields of this enum). */
  readonly first: number;
}

export interface DecodingSchema {
  readonly format: typeof SCHEMA_FORMAT;
  /** Message full name (no leading dot) → its fields, by ascending number. */
  readonly messages: Readonly<Record<string, readonly SchemaField[]>>;
  readonly enums: Readonly<Record<string, SchemaEnum>>;
}

export const ANY_TYPE = "google.protobuf.Any";
export const DISCOVERY_RESPONSE_TYPE = "envoy.service.discovery.v3.DiscoveryResponse";
