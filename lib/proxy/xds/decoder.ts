/**
 * The sidecar's resource decoder: the schema-driven wire decoder (./wire), which gives exactly what
 * protobufjs's json toObject gives but without loading protobufjs (see docs/adr/0006-sidecar-xds-decoder.md).
 */
import type { ResourceDecoder } from "./resource-state";
import { envoyAnyDecoder } from "./wire/any-decoder";

export function xdsResourceDecoder(): ResourceDecoder {
  return envoyAnyDecoder;
}
