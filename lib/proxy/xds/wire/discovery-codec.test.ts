import { describe, expect, it } from "vitest";
import { adsServiceDefinition } from "@/lib/xds/ads-service";
import type { DiscoveryRequest, DiscoveryResponse } from "@/lib/xds/messages";
import { encodeResource } from "@/lib/xds/protos";
import { weightedServiceResources } from "@/lib/xds/testing/weighted-service";
import { AdsSession } from "../ads-session";
import { buildNodeMessage } from "../node-message";
import { sidecarSchema } from "./any-decoder";
import { encodeDiscoveryRequest } from "./discovery-request";
import { discoveryResponseDecoder } from "./discovery-response";

// The sidecar's hand-written ADS codec against the control plane's protobufjs codec.

const method = adsServiceDefinition().StreamAggregatedResources;

/** What the control plane makes of the request: its own decoder over our bytes, and over its own encoding. */
function viaBoth(request: DiscoveryRequest) {
  return {
    ours: method.requestDeserialize(Buffer.from(encodeDiscoveryRequest(request))),
    theirs: method.requestDeserialize(method.requestSerialize(request)),
  };
}

function session(zone?: string): AdsSession {
  return new AdsSession({
    node: buildNodeMessage({
      nodeId: "reviews-7",
      service: "reviews",
      labels: { version: "v2", "team.example/owner": "ratings-é" },
      inbound: { host: "fd00::7", port: 15006 },
      ...(zone !== undefined && { zone }),
    }),
    decode: () => undefined,
    now: () => 0,
  });
}

describe("DiscoveryRequest encoder", () => {
  it("encodes what the session sends exactly as the protobufjs codec does", () => {
    const requests = [...session("zone-a").startStream(), ...session().startStream()];
    expect(requests.length).toBeGreaterThanOrEqual(4);
    expect(requests.some((r) => r.node?.locality)).toBe(true);
    for (const request of requests) {
      const { ours, theirs } = viaBoth(request);
      expect(ours).toStrictEqual(theirs);
    }
    expect(viaBoth(requests[0] as DiscoveryRequest).ours.node?.metadata?.fields?.labels).toEqual({
      kind: "structValue",
      structValue: {
        fields: {
          version: { kind: "stringValue", stringValue: "v2" },
          "team.example/owner": { kind: "stringValue", stringValue: "ratings-é" },
        },
      },
    });
  });

  it("encodes ACKs, NACKs and every Value kind", () => {
    const requests: DiscoveryRequest[] = [
      {
        version_info: "v1",
        resource_names: ["b", "", "a"],
        type_url: "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
        response_nonce: "n7",
      },
      {
        version_info: "",
        type_url: "type.googleapis.com/envoy.config.cluster.v3.Cluster",
        response_nonce: "n8",
        error_detail: { code: 3, message: "Cluster [0]: cannot be decoded: truncated varint — ünïcode" },
      },
      { error_detail: { code: -2, message: "" } },
      {
        node: {
          id: "",
          cluster: "c",
          metadata: {
            fields: {
              nothing: { nullValue: "NULL_VALUE" },
              zero: { numberValue: 0 },
              fraction: { numberValue: -1.25 },
              empty: { stringValue: "" },
              no: { boolValue: false },
              list: { listValue: { values: [{ numberValue: 1 }, { listValue: {} }, { structValue: {} }] } },
              nested: { structValue: { fields: { deeper: { boolValue: true } } } },
            },
          },
          locality: { region: "eu", sub_zone: "rack-1" },
          user_agent_name: "weft-proxy",
          user_agent_version: "",
          client_features: ["envoy.lb.does_not_support_overprovisioning", ""],
        },
      },
      {},
    ];
    for (const request of requests) {
      const { ours, theirs } = viaBoth(request);
      expect(ours).toStrictEqual(theirs);
    }
  });
});

describe("DiscoveryResponse decoder", () => {
  const decode = discoveryResponseDecoder(sidecarSchema());

  it("decodes what the control plane sends, resources left as type_url + bytes", () => {
    const resources = weightedServiceResources("greeter", [
      { name: "greeter-v1", weight: 1, endpoints: [{ host: "10.0.0.1", port: 80 }] },
    ]);
    const anys = (resources.clusters ?? []).map((cluster) => encodeResource("clusters", cluster).any);
    const response: DiscoveryResponse = {
      version_info: "3f2a",
      resources: anys,
      type_url: "type.googleapis.com/envoy.config.cluster.v3.Cluster",
      nonce: "n1",
    };
    const bytes = method.responseSerialize(response);
    const reference = method.responseDeserialize(bytes);
    const decoded = decode(bytes);
    expect(decoded).toStrictEqual({
      version_info: reference.version_info,
      resources: reference.resources.map((any) => ({ type_url: any.type_url, value: any.value })),
      type_url: reference.type_url,
      nonce: reference.nonce,
    });
    expect(Buffer.from(decoded.resources[0]?.value ?? [])).toEqual(Buffer.from(anys[0]?.value ?? []));
  });

  it("fills absent fields with proto3 defaults", () => {
    expect(decode(Buffer.alloc(0))).toStrictEqual({
      version_info: "",
      resources: [],
      type_url: "",
      nonce: "",
    });
  });

  it("throws a clear error for a malformed response", () => {
    expect(() => decode(Buffer.from([0x12, 0x05, 0x0a]))).toThrow(
      "envoy.service.discovery.v3.DiscoveryResponse.resources[0]: length 5 runs past the end (1 bytes left)",
    );
  });
});
