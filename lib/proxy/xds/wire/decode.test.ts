import { describe, expect, it } from "vitest";
import { DEMO_MESH_YAML } from "@/lib/demo/shopMesh";
import { sampleText } from "@/lib/mesh/samples/loadSample";
import { encodeResource } from "@/lib/xds/protos";
import { RESOURCE_KINDS, type ResourceKind } from "@/lib/xds/resource-types";
import type { ResourceObjects } from "@/lib/xds/snapshot/snapshot";
import { weightedServiceResources } from "@/lib/xds/testing/weighted-service";
import type { RegistryEndpoint } from "@/lib/xds/translate/types";
import { loadEnvoyProtos } from "../../config/envoy-protos";
import { TYPE_URLS } from "../../config/from-xds";
import {
  outboundListener,
  reviewsCluster,
  reviewsEndpoints,
  reviewsRoutes,
} from "../../config/testing/xds-fixtures";
import { translate } from "../../testing/harness";
import { envoyAnyDecoder, schemaAnyDecoder, sidecarSchema } from "./any-decoder";
import { protobufjsDecode } from "./testing/reference";

// Differential: real resources, encoded by the control plane's protobufjs encoder, decoded by the wire
// decoder and by protobufjs; the two results must be strictly deep-equal.

const REGISTRY: RegistryEndpoint[] = [
  ["web", "v1", "10.0.0.1"],
  ["catalog", "v1", "10.0.0.2"],
  ["cart", "v1", "10.0.0.3"],
  ["pricing", "v1", "10.0.0.4"],
  ["reviews", "v1", "10.0.0.5"],
  ["reviews", "v2", "10.0.0.6"],
  ["reviews", "v3", "10.0.0.7"],
  ["ratings", "v1", "10.0.0.8"],
].map(([service, version, address], i) => ({
  service: service as string,
  address: address as string,
  port: 8080 + i,
  labels: { version: version as string },
  zone: i % 2 === 0 ? "zone-a" : "zone-b",
}));

interface Packed {
  readonly type_url: string;
  readonly value: Uint8Array;
}

/** The from-xds fixtures, encoded as from-xds.test.ts does (fromObject + encode, no shape check). */
function packedFixtures(): Packed[] {
  const root = loadEnvoyProtos();
  const pack = (typeUrl: string, value: Record<string, unknown>): Packed => {
    const type = root.lookupType(typeUrl.slice(typeUrl.lastIndexOf("/") + 1));
    return { type_url: typeUrl, value: type.encode(type.fromObject(value)).finish() };
  };
  return [
    pack(TYPE_URLS.Listener, outboundListener()),
    pack(TYPE_URLS.RouteConfiguration, reviewsRoutes()),
    pack(TYPE_URLS.Cluster, reviewsCluster()),
    pack(TYPE_URLS.ClusterLoadAssignment, reviewsEndpoints()),
  ];
}

const SOURCES: [string, () => Packed[]][] = [
  ["the from-xds fixtures", packedFixtures],
  ["the shop sample, for web", () => encodedAll(translate(sampleText("shop"), REGISTRY, "web-1"))],
  ["the shop sample, for reviews", () => encodedAll(translate(sampleText("shop"), REGISTRY, "reviews-1"))],
  ["the demo mesh, for web", () => encodedAll(translate(DEMO_MESH_YAML, REGISTRY, "web-1"))],
  ["the demo mesh, for cart", () => encodedAll(translate(DEMO_MESH_YAML, REGISTRY, "cart-1"))],
  [
    "a weighted service",
    () =>
      encodedAll(
        weightedServiceResources("greeter", [
          { name: "greeter-v1", weight: 80, endpoints: [{ host: "10.0.0.1", port: 8080, zone: "a" }] },
          {
            name: "greeter-v2",
            weight: 20,
            endpoints: [{ host: "fd00::2", port: 8080 }],
            lbPolicy: "RING_HASH",
          },
        ]),
      ),
  ],
];

function encodedAll(resources: ResourceObjects): Packed[] {
  return RESOURCE_KINDS.flatMap((kind: ResourceKind) =>
    (resources[kind] ?? []).map((resource) => encodeResource(kind, structuredClone(resource)).any),
  );
}

describe("the wire decoder on the control plane's resources", () => {
  it.each(SOURCES)("decodes every resource of %s exactly as protobufjs does", (_name, build) => {
    const anys = build();
    expect(anys.length).toBeGreaterThanOrEqual(4);
    for (const any of anys) {
      const typeName = any.type_url.slice(any.type_url.lastIndexOf("/") + 1);
      const expected = protobufjsDecode(typeName, Buffer.from(any.value));
      expect(envoyAnyDecoder(any.type_url, any.value)).toStrictEqual(expected);
    }
  });

  it("expands nested Anys as protobufjs does, with @type last", () => {
    const [listener] = packedFixtures();
    const decoded = envoyAnyDecoder(TYPE_URLS.Listener, listener?.value ?? new Uint8Array());
    const hcm = JSON.parse(JSON.stringify(decoded)).filter_chains[0].filters[0].typed_config;
    expect(hcm["@type"]).toBe(
      "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
    );
    expect(Object.keys(hcm).at(-1)).toBe("@type");
    expect(
      hcm.http_filters.map((f: { typed_config: { "@type": string } }) => f.typed_config["@type"]),
    ).toContain("type.googleapis.com/envoy.extensions.filters.http.router.v3.Router");
  });

  it("returns undefined for a type the schema does not have, like the protobufjs decoder", () => {
    const decode = schemaAnyDecoder(sidecarSchema());
    expect(decode("type.googleapis.com/no.such.Type", new Uint8Array())).toBeUndefined();
    expect(() => loadEnvoyProtos().lookupType("no.such.Type")).toThrow();
  });
});
