import { describe, expect, it } from "vitest";
import { messageType } from "../protos";
import { weightedServiceResources } from "../testing/weighted-service";
import { checkSnapshotConsistency } from "./consistency";
import { buildSnapshot } from "./snapshot";

const HCM =
  "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";

const complete = () =>
  weightedServiceResources("greeter", [
    { name: "v1", weight: 80, endpoints: [{ host: "10.0.0.1", port: 1 }] },
    { name: "v2", weight: 20, endpoints: [{ host: "10.0.0.2", port: 2 }] },
  ]);

describe("checkSnapshotConsistency", () => {
  it("accepts a snapshot whose references all resolve", () => {
    expect(checkSnapshotConsistency(buildSnapshot(complete()))).toEqual([]);
  });

  it("reports a listener whose RDS route configuration is missing", () => {
    const snapshot = buildSnapshot({ ...complete(), routes: [] });
    expect(checkSnapshotConsistency(snapshot)).toEqual([
      {
        kind: "listeners",
        name: "greeter",
        path: "api_listener.api_listener.rds.route_config_name",
        missing: { kind: "routes", name: "greeter-routes" },
        message:
          'listeners "greeter" api_listener.api_listener.rds.route_config_name refers to routes "greeter-routes", which is not in the snapshot',
      },
    ]);
  });

  it("reports weighted clusters, single clusters and mirrors that are missing", () => {
    const route = {
      name: "greeter-routes",
      virtual_hosts: [
        {
          name: "vh",
          domains: ["*"],
          routes: [
            { match: { prefix: "/a" }, route: { cluster: "gone" } },
            {
              match: { prefix: "" },
              route: {
                weighted_clusters: {
                  clusters: [
                    { name: "v1", weight: { value: 1 } },
                    { name: "v9", weight: { value: 1 } },
                  ],
                },
                request_mirror_policies: [{ cluster: "shadow" }],
              },
            },
          ],
        },
      ],
    };
    const problems = checkSnapshotConsistency(buildSnapshot({ ...complete(), routes: [route] }));
    expect(problems.map((p) => [p.path, p.missing.name])).toEqual([
      ["virtual_hosts[0].routes[0].route.cluster", "gone"],
      ["virtual_hosts[0].routes[1].route.weighted_clusters.clusters[1].name", "v9"],
      ["virtual_hosts[0].routes[1].route.request_mirror_policies[0].cluster", "shadow"],
    ]);
  });

  it("reports an EDS cluster without its ClusterLoadAssignment (by service_name when set)", () => {
    const resources = complete();
    const snapshot = buildSnapshot({ ...resources, endpoints: (resources.endpoints ?? []).slice(0, 1) });
    expect(checkSnapshotConsistency(snapshot).map((p) => [p.kind, p.name, p.missing])).toEqual([
      ["clusters", "v2", { kind: "endpoints", name: "v2" }],
    ]);
  });

  it("follows HttpConnectionManagers in filter chains and inline route configurations", () => {
    const listener = {
      name: "inbound",
      filter_chains: [
        {
          filters: [
            {
              name: "hcm",
              typed_config: {
                "@type": HCM,
                route_config: {
                  name: "inline",
                  virtual_hosts: [
                    {
                      name: "vh",
                      domains: ["*"],
                      routes: [{ match: { prefix: "" }, route: { cluster: "local" } }],
                    },
                  ],
                },
              },
            },
          ],
        },
      ],
    };
    const problems = checkSnapshotConsistency(buildSnapshot({ listeners: [listener] }));
    expect(problems.map((p) => p.path)).toEqual([
      "filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes[0].route.cluster",
    ]);
  });

  it("reads an HttpConnectionManager given as type_url and bytes", () => {
    const hcmType = messageType(HCM.slice(HCM.lastIndexOf("/") + 1));
    const hcm = { rds: { route_config_name: "elsewhere", config_source: { ads: {} } } };
    const value = hcmType.encode(hcmType.fromObject(hcm)).finish();
    const listener = { name: "raw", api_listener: { api_listener: { type_url: HCM, value } } };
    const problems = checkSnapshotConsistency(buildSnapshot({ listeners: [listener] }));
    expect(problems.map((p) => p.missing)).toEqual([{ kind: "routes", name: "elsewhere" }]);
  });
});
