/**
 * Runs @grpc/grpc-js-xds's own resource validators (the code a proxyless gRPC client runs on every
 * response) over the translated resources. These are internal modules of that package, reached by path;
 * if an upgrade moves them, this test fails loudly rather than passing vacuously.
 */
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { translationCases } from "./__fixtures__/cases";
import { loadEnvoyRoot } from "./protoRoot";
import { translateForNode } from "./translateForNode";
import type { TranslationResult } from "./types";
import { messageName, TYPE_URLS } from "./typeUrls";

interface ResourceType {
  decode(
    context: object,
    resource: { type_url: string; value: Uint8Array },
  ): { name: string; error?: string };
}

const require = createRequire(import.meta.url);
const BUILD = "@grpc/grpc-js-xds/build/src/";
const validators: Record<string, ResourceType> = {};
// Only the TLS parts of the listener/cluster checks read this; we send no TLS.
const DECODE_CONTEXT = { server: {}, bootstrap: { certificateProviders: {} } };

beforeAll(() => {
  // The package entry point loads the common protos its filter modules rely on.
  require("@grpc/grpc-js-xds");
  require(`${BUILD}http-filter/router-filter`).setup();
  require(`${BUILD}http-filter/fault-injection-filter`).setup();
  const load = (file: string, exported: string): ResourceType =>
    require(`${BUILD}xds-resource-type/${file}`)[exported].get();
  validators[TYPE_URLS.listener] = load("listener-resource-type", "ListenerResourceType");
  validators[TYPE_URLS.routeConfiguration] = load(
    "route-config-resource-type",
    "RouteConfigurationResourceType",
  );
  validators[TYPE_URLS.cluster] = load("cluster-resource-type", "ClusterResourceType");
  validators[TYPE_URLS.clusterLoadAssignment] = load("endpoint-resource-type", "EndpointResourceType");
});

/** "name: error" for every resource grpc-js-xds rejects. */
function rejected(result: TranslationResult): string[] {
  const root = loadEnvoyRoot();
  const groups: [string, object[]][] = [
    [TYPE_URLS.listener, result.listeners],
    [TYPE_URLS.routeConfiguration, result.routes],
    [TYPE_URLS.cluster, result.clusters],
    [TYPE_URLS.clusterLoadAssignment, result.endpoints],
  ];
  const errors: string[] = [];
  for (const [typeUrl, resources] of groups) {
    const type = root.lookupType(messageName(typeUrl));
    const validator = validators[typeUrl];
    if (!validator) throw new Error(`no validator for ${typeUrl}`);
    for (const resource of resources) {
      const value = type.encode(type.fromObject(resource)).finish();
      const decoded = validator.decode(DECODE_CONTEXT, { type_url: typeUrl, value });
      if (decoded.error !== undefined) errors.push(`${decoded.name}: ${decoded.error}`);
    }
  }
  return errors;
}

describe("grpc-js-xds accepts what we send a grpc-js-xds node", () => {
  for (const testCase of translationCases().filter((candidate) => candidate.client === "grpc-js-xds")) {
    it(testCase.name, () => {
      const node = { id: "n", capabilities: { client: "grpc-js-xds" as const } };
      expect(rejected(translateForNode(testCase.config, testCase.registry, node, testCase.now))).toEqual([]);
    });
  }

  it("would reject the full-fidelity form, which is why the downgrades exist", () => {
    const shop = translationCases().find((candidate) => candidate.name === "shop.envoy");
    if (!shop) throw new Error("missing case");
    const node = { id: "n", capabilities: { client: "envoy" as const } };
    // The listeners pass: the local rate limit filter is optional, so a client without it ignores it.
    expect(rejected(translateForNode(shop.config, shop.registry, node, shop.now))).toEqual([
      "cart: RouteConfiguration message validation failed: [virtual_hosts[cart].routes[#default].typed_per_filter_config[envoy.filters.http.local_ratelimit] validation failed]",
      "cart: Cluster message validation failed: [load_balancing_policy unset and unsupported lb_policy: LEAST_REQUEST]",
      "catalog: Cluster message validation failed: [load_balancing_policy unset and unsupported lb_policy: MAGLEV]",
      "catalog|stable: Cluster message validation failed: [load_balancing_policy unset and unsupported lb_policy: MAGLEV]",
    ]);
  });
});
