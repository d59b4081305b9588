/**
 * DiscoveryRequest to bytes, by hand: the fields the sidecar sends (lib/proxy/xds/ads-session.ts and
 * node-message.ts) with Envoy's field numbers. Written as protobufjs's encoder would after fromObject, so
 * the control plane decodes the same object: oneof members (Value's kinds, user_agent_version) are written
 * whenever set, even when empty; other empty strings are left out, which decodes the same.
 */
import type {
  DiscoveryRequest,
  NodeMessage,
  RpcStatus,
  StructMessage,
  ValueMessage,
} from "@/lib/xds/messages";
import { ProtoWriter } from "../../telemetry/proto-writer";

export function encodeDiscoveryRequest(request: DiscoveryRequest): Uint8Array {
  const writer = new ProtoWriter(512);
  writer.string(1, request.version_info ?? "");
  if (request.node) writeNode(writer.begin(2), request.node).end();
  for (const name of request.resource_names ?? []) writer.stringAlways(3, name);
  writer.string(4, request.type_url ?? "");
  writer.string(5, request.response_nonce ?? "");
  if (request.error_detail) writeStatus(writer.begin(6), request.error_detail).end();
  return writer.finish();
}

function writeNode(writer: ProtoWriter, node: NodeMessage): ProtoWriter {
  writer.string(1, node.id ?? "").string(2, node.cluster ?? "");
  if (node.metadata) writeStruct(writer.begin(3), node.metadata).end();
  if (node.locality) {
    const { region = "", zone = "", sub_zone = "" } = node.locality;
    writer.begin(4).string(1, region).string(2, zone).string(3, sub_zone).end();
  }
  writer.string(6, node.user_agent_name ?? "");
  if (node.user_agent_version != null) writer.stringAlways(7, node.user_agent_version);
  for (const feature of node.client_features ?? []) writer.stringAlways(10, feature);
  return writer;
}

function writeStatus(writer: ProtoWriter, status: RpcStatus): ProtoWriter {
  // int32: negative codes as ten-byte varints, as int64.
  return writer.int64(1, status.code).string(2, status.message);
}

function writeStruct(writer: ProtoWriter, struct: StructMessage): ProtoWriter {
  for (const [key, value] of Object.entries(struct.fields ?? {})) {
    writer.begin(1).stringAlways(1, key);
    writeValue(writer.begin(2), value).end();
    writer.end();
  }
  return writer;
}

/** Every member that is set, in field order (the last one wins when decoded, as with protobufjs). */
function writeValue(writer: ProtoWriter, value: ValueMessage): ProtoWriter {
  if (value.nullValue != null) writer.int64(1, 0, true);
  if (value.numberValue != null) writer.double(2, value.numberValue, true);
  if (value.stringValue != null) writer.stringAlways(3, value.stringValue);
  if (value.boolValue != null) writer.bool(4, value.boolValue);
  if (value.structValue != null) writeStruct(writer.begin(5), value.structValue).end();
  if (value.listValue != null) {
    writer.begin(6);
    for (const item of value.listValue.values ?? []) writeValue(writer.begin(1), item).end();
    writer.end();
  }
  return writer;
}
