import { messageType } from "../protos";
import type { ResourceKind } from "../resource-types";
import type { Snapshot } from "./snapshot";

// Before a snapshot is published, every name it refers to must resolve inside it, or a client would wait
// forever for a resource that never comes: listener -> RDS route configuration, route -> cluster,
// EDS cluster -> ClusterLoadAssignment.

export interface ConsistencyProblem {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly path: string;
  readonly missing: { readonly kind: ResourceKind; readonly name: string };
  readonly message: string;
}

const HCM_TYPE = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";

type Fields = Record<string, unknown>;
interface Reference {
  path: string;
  kind: ResourceKind;
  name: string;
}

export function checkSnapshotConsistency(snapshot: Snapshot): ConsistencyProblem[] {
  const problems: ConsistencyProblem[] = [];
  const report = (kind: ResourceKind, name: string, references: Reference[]) => {
    for (const ref of references) {
      if (snapshot[ref.kind].resources.has(ref.name)) continue;
      const message = `${kind} "${name}" ${ref.path} refers to ${ref.kind} "${ref.name}", which is not in the snapshot`;
      problems.push({ kind, name, path: ref.path, missing: { kind: ref.kind, name: ref.name }, message });
    }
  };
  for (const [name, listener] of snapshot.listeners.resources)
    report("listeners", name, listenerRefs(listener.source));
  for (const [name, route] of snapshot.routes.resources)
    report("routes", name, routeConfigRefs(route.source, ""));
  for (const [name, cluster] of snapshot.clusters.resources)
    report("clusters", name, clusterRefs(cluster.source));
  return problems;
}

function listenerRefs(listener: Fields): Reference[] {
  const managers: { path: string; hcm: Fields }[] = [];
  const apiListener = unpackAny(record(record(listener.api_listener)?.api_listener), HCM_TYPE);
  if (apiListener) managers.push({ path: "api_listener.api_listener", hcm: apiListener });
  const chains: { path: string; chain: unknown }[] = list(listener.filter_chains).map((chain, index) => ({
    path: `filter_chains[${index}]`,
    chain,
  }));
  if (listener.default_filter_chain)
    chains.push({ path: "default_filter_chain", chain: listener.default_filter_chain });
  for (const { path, chain } of chains) {
    list(record(chain)?.filters).forEach((filter, index) => {
      const hcm = unpackAny(record(record(filter)?.typed_config), HCM_TYPE);
      if (hcm) managers.push({ path: `${path}.filters[${index}].typed_config`, hcm });
    });
  }
  return managers.flatMap(({ path, hcm }) => {
    const rdsName = record(hcm.rds)?.route_config_name;
    if (typeof rdsName === "string" && rdsName !== "") {
      return [{ path: `${path}.rds.route_config_name`, kind: "routes" as const, name: rdsName }];
    }
    const inline = record(hcm.route_config);
    return inline ? routeConfigRefs(inline, `${path}.route_config.`) : [];
  });
}

function routeConfigRefs(config: Fields, prefix: string): Reference[] {
  const refs: Reference[] = [];
  list(config.virtual_hosts).forEach((host, hostIndex) => {
    list(record(host)?.routes).forEach((route, routeIndex) => {
      const action = record(record(route)?.route);
      if (!action) return;
      const at = `${prefix}virtual_hosts[${hostIndex}].routes[${routeIndex}].route`;
      if (typeof action.cluster === "string")
        refs.push({ path: `${at}.cluster`, kind: "clusters", name: action.cluster });
      list(record(action.weighted_clusters)?.clusters).forEach((weighted, index) => {
        const name = record(weighted)?.name;
        if (typeof name === "string") {
          refs.push({ path: `${at}.weighted_clusters.clusters[${index}].name`, kind: "clusters", name });
        }
      });
      list(action.request_mirror_policies).forEach((mirror, index) => {
        const name = record(mirror)?.cluster;
        if (typeof name === "string" && name !== "") {
          refs.push({ path: `${at}.request_mirror_policies[${index}].cluster`, kind: "clusters", name });
        }
      });
    });
  });
  return refs;
}

function clusterRefs(cluster: Fields): Reference[] {
  if (cluster.type !== "EDS" && cluster.type !== 3) return [];
  const serviceName = record(cluster.eds_cluster_config)?.service_name;
  const name = typeof serviceName === "string" && serviceName !== "" ? serviceName : cluster.name;
  if (typeof name !== "string") return [];
  return [{ path: "eds_cluster_config", kind: "endpoints", name }];
}

/** The fields of an Any holding `messageName`, whether written with "@type" or as type_url + bytes. */
function unpackAny(any: Fields | undefined, messageName: string): Fields | undefined {
  if (!any) return undefined;
  const typeUrl = any["@type"] ?? any.type_url;
  if (typeof typeUrl !== "string" || !typeUrl.endsWith(`/${messageName}`)) return undefined;
  if (any["@type"] !== undefined) return any;
  if (typeof any.value !== "string") return undefined;
  const type = messageType(messageName);
  return type.toObject(type.decode(Buffer.from(any.value, "base64")), { enums: String, longs: String });
}

function record(value: unknown): Fields | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
