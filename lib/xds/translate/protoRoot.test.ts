import { describe, expect, it } from "vitest";
import { translationCases } from "./__fixtures__/cases";
import { lostFields, roundTrip } from "./protoRoot";
import { translateForNode } from "./translateForNode";
import { messageName, TYPE_URLS } from "./typeUrls";

describe("every translated resource encodes as its Envoy v3 message", () => {
  for (const testCase of translationCases()) {
    it(testCase.name, () => {
      const node = { id: "n", capabilities: { client: testCase.client } };
      const result = translateForNode(testCase.config, testCase.registry, node, testCase.now);
      const groups: [string, object[]][] = [
        [TYPE_URLS.listener, result.listeners],
        [TYPE_URLS.routeConfiguration, result.routes],
        [TYPE_URLS.cluster, result.clusters],
        [TYPE_URLS.clusterLoadAssignment, result.endpoints],
      ];
      let checked = 0;
      for (const [typeUrl, resources] of groups) {
        for (const resource of resources) {
          const decoded = roundTrip(messageName(typeUrl), resource);
          expect(
            lostFields(resource, decoded),
            `${typeUrl} ${JSON.stringify(resource).slice(0, 80)}`,
          ).toEqual([]);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(3);
    });
  }
});

describe("lostFields", () => {
  it("catches a misspelt field, which protobufjs would drop silently", () => {
    const cluster = { name: "a", type: "EDS", lb_polcy: "RING_HASH" };
    const decoded = roundTrip("envoy.config.cluster.v3.Cluster", cluster);
    expect(lostFields(cluster, decoded)).toEqual(["lb_polcy"]);
  });

  it("catches a field inside an Any whose type is not loaded or misnamed", () => {
    const listener = {
      name: "x",
      api_listener: {
        api_listener: {
          "@type":
            "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
          stat_prefix: "x",
          http_filters: [{ name: "f", typed_config: { "@type": "type.googleapis.com/no.such.Type", a: 1 } }],
        },
      },
    };
    const decoded = roundTrip("envoy.config.listener.v3.Listener", listener);
    expect(lostFields(listener, decoded)).toEqual([
      "api_listener.api_listener.http_filters[0].typed_config.@type",
      "api_listener.api_listener.http_filters[0].typed_config.a",
    ]);
  });

  it("keeps wrapper values, durations and enums by name", () => {
    const decoded = roundTrip("envoy.config.cluster.v3.Cluster", {
      name: "c",
      lb_policy: "MAGLEV",
      outlier_detection: { enforcing_success_rate: { value: 0 }, interval: { seconds: 2, nanos: 5 } },
    });
    expect(decoded).toMatchObject({
      name: "c",
      lb_policy: "MAGLEV",
      outlier_detection: { enforcing_success_rate: { value: 0 }, interval: { seconds: 2, nanos: 5 } },
    });
  });
});
