/**
 * Decodes resources with the same protobufjs root the ADS codec uses (lib/xds/protos), so the proxy loads
 * the Envoy protos once.
 */
import { envoyProtoRoot } from "@/lib/xds/protos";
import { protobufAnyDecoder } from "../config/envoy-protos";
import type { ResourceDecoder } from "./resource-state";

export function xdsResourceDecoder(): ResourceDecoder {
  return protobufAnyDecoder(envoyProtoRoot());
}
