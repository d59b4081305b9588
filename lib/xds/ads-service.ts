import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import type protobuf from "protobufjs";
import type {
  DeltaDiscoveryRequest,
  DeltaDiscoveryResponse,
  DiscoveryRequest,
  DiscoveryResponse,
} from "./messages";
import { messageType } from "./protos";

// The AggregatedDiscoveryService as a grpc-js service definition, with codecs built from the same
// protobufjs root as the resources (one proto load per process). Used by the server and by test clients.

const SERVICE = "envoy.service.discovery.v3.AggregatedDiscoveryService";

// Decoded requests get every field (defaults filled in) so handlers never see a missing array.
const DECODE_OPTIONS: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  defaults: true,
  arrays: true,
  objects: true,
  oneofs: true,
};

// Responses are built by the server in exactly the message's shape, so they skip fromObject (the hot path:
// one response per proxy per change). Requests come from test clients and go through fromObject.
function codec<T>(fullName: string, trustedShape: boolean) {
  const type = messageType(fullName);
  const toMessage = (value: T) =>
    trustedShape ? (value as unknown as protobuf.Message) : type.fromObject(value as Record<string, unknown>);
  return {
    serialize: (value: T): Buffer => Buffer.from(type.encode(toMessage(value)).finish()),
    deserialize: (bytes: Buffer): T => type.toObject(type.decode(bytes), DECODE_OPTIONS) as T,
  };
}

function bidiMethod<Req, Res>(name: string, request: string, response: string): MethodDefinition<Req, Res> {
  const req = codec<Req>(request, false);
  const res = codec<Res>(response, true);
  return {
    path: `/${SERVICE}/${name}`,
    requestStream: true,
    responseStream: true,
    requestSerialize: req.serialize,
    requestDeserialize: req.deserialize,
    responseSerialize: res.serialize,
    responseDeserialize: res.deserialize,
    originalName: name.charAt(0).toLowerCase() + name.slice(1),
  };
}

export interface AdsMethods {
  StreamAggregatedResources: MethodDefinition<DiscoveryRequest, DiscoveryResponse>;
  DeltaAggregatedResources: MethodDefinition<DeltaDiscoveryRequest, DeltaDiscoveryResponse>;
}

let definition: AdsMethods | undefined;

export function adsServiceDefinition(): AdsMethods & ServiceDefinition {
  definition ??= {
    StreamAggregatedResources: bidiMethod(
      "StreamAggregatedResources",
      "envoy.service.discovery.v3.DiscoveryRequest",
      "envoy.service.discovery.v3.DiscoveryResponse",
    ),
    DeltaAggregatedResources: bidiMethod(
      "DeltaAggregatedResources",
      "envoy.service.discovery.v3.DeltaDiscoveryRequest",
      "envoy.service.discovery.v3.DeltaDiscoveryResponse",
    ),
  };
  return definition as AdsMethods & ServiceDefinition;
}
