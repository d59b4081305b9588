/** endpoint.v3.ClusterLoadAssignment → ClusterLoadAssignment. */
import { isIP } from "node:net";
import type {
  ClusterLoadAssignment,
  DropOverload,
  Endpoint,
  EndpointHealth,
  Locality,
} from "./cluster-model";
import { type DiagnosticSink, Diagnostics } from "./diagnostics";
import { noteIgnoredFields } from "./ignored-fields";
import { parseFractionalPercent } from "./percent";
import {
  boolField,
  enumField,
  field,
  isObject,
  listField,
  nonEmptyString,
  numberField,
  objectField,
  stringField,
  structScalar,
  wrappedNumber,
  type XdsObject,
} from "./xds-values";

const HEALTH = ["UNKNOWN", "HEALTHY", "UNHEALTHY", "DRAINING", "TIMEOUT", "DEGRADED"] as const;

export function parseClusterLoadAssignment(
  o: XdsObject,
  sink: DiagnosticSink,
  label = "ClusterLoadAssignment",
): ClusterLoadAssignment | undefined {
  const clusterName = stringField(o, "cluster_name") ?? "";
  const d = new Diagnostics(`${label} ${clusterName || "(unnamed)"}`, sink);
  noteIgnoredFields(d, o, ["cluster_name", "endpoints", "policy"]);
  const errorsBefore = d.errorCount;
  if (clusterName === "") d.error("has no cluster_name");
  const endpoints: Endpoint[] = [];
  const seen = new Set<string>();
  listField(o, "endpoints").forEach((value, i) => {
    if (!isObject(value)) return;
    for (const endpoint of parseLocality(value, d.at(`endpoints[${i}]`))) {
      if (seen.has(endpoint.key)) {
        d.note(`endpoint ${endpoint.key} is listed more than once; the first is used`);
        continue;
      }
      seen.add(endpoint.key);
      endpoints.push(endpoint);
    }
  });
  const policy = objectField(o, "policy");
  const dropOverloads: DropOverload[] = listField(policy, "drop_overloads")
    .filter(isObject)
    .map((drop, i) => ({
      category: stringField(drop, "category") ?? "",
      ...parseFractionalPercent(field(drop, "drop_percentage"), d.at(`policy.drop_overloads[${i}]`)),
    }));
  const overprovisioningFactor = wrappedNumber(policy, "overprovisioning_factor") ?? 140;
  if (d.errorCount > errorsBefore) return undefined;
  return { clusterName, endpoints, dropOverloads, overprovisioningFactor };
}

function parseLocality(o: XdsObject, d: Diagnostics): Endpoint[] {
  noteIgnoredFields(d, o, ["locality", "lb_endpoints", "load_balancing_weight", "priority"]);
  const localityObject = objectField(o, "locality");
  const locality: Locality = {
    region: stringField(localityObject, "region") ?? "",
    zone: stringField(localityObject, "zone") ?? "",
    subZone: stringField(localityObject, "sub_zone") ?? "",
  };
  const localityWeight = wrappedNumber(o, "load_balancing_weight");
  if (localityWeight !== undefined && (!Number.isInteger(localityWeight) || localityWeight < 1)) {
    d.error(`load_balancing_weight ${localityWeight} must be an integer >= 1`);
  }
  const priority = numberField(o, "priority") ?? 0;
  if (!Number.isInteger(priority) || priority < 0 || priority > 128)
    d.error(`priority ${priority} is outside [0, 128]`);
  const result: Endpoint[] = [];
  listField(o, "lb_endpoints").forEach((value, i) => {
    if (!isObject(value)) return;
    const endpoint = parseLbEndpoint(value, locality, localityWeight, priority, d.at(`lb_endpoints[${i}]`));
    if (endpoint) result.push(endpoint);
  });
  return result;
}

function parseLbEndpoint(
  o: XdsObject,
  locality: Locality,
  localityWeight: number | undefined,
  priority: number,
  d: Diagnostics,
): Endpoint | undefined {
  noteIgnoredFields(
    d,
    o,
    ["endpoint", "health_status", "metadata", "load_balancing_weight", "host_identifier"],
    {
      health_status: "UNKNOWN",
    },
  );
  const endpoint = objectField(o, "endpoint");
  if (!endpoint) {
    d.error(nonEmptyString(o, "endpoint_name") ? "endpoint_name is not supported" : "has no endpoint");
    return undefined;
  }
  const socket = objectField(objectField(endpoint, "address"), "socket_address");
  const address = stringField(socket, "address") ?? "";
  const port = numberField(socket, "port_value") ?? 0;
  if (address === "" || /\s/.test(address)) {
    d.error("has no socket address");
    return undefined;
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    d.error(`port ${port} is outside [1, 65535]`);
    return undefined;
  }
  const weight = wrappedNumber(o, "load_balancing_weight") ?? 1;
  if (!Number.isInteger(weight) || weight < 1) {
    d.error(`load_balancing_weight ${weight} must be an integer >= 1`);
    return undefined;
  }
  const healthCheck = objectField(endpoint, "health_check_config");
  const healthCheckPort = numberField(healthCheck, "port_value");
  const hostname = nonEmptyString(endpoint, "hostname");
  const health = (enumField(o, "health_status", HEALTH) ?? "UNKNOWN").toLowerCase();
  return {
    key: isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`,
    address,
    port,
    ...(hostname !== undefined && { hostname }),
    weight,
    health: (HEALTH as readonly string[]).includes(health.toUpperCase())
      ? (health as EndpointHealth)
      : "unknown",
    locality,
    ...(localityWeight !== undefined && { localityWeight }),
    priority,
    ...(healthCheckPort !== undefined && healthCheckPort > 0 && { healthCheckPort }),
    healthCheckDisabled: boolField(healthCheck, "disable_active_health_check"),
    labels: structStrings(field(objectField(objectField(o, "metadata"), "filter_metadata"), "envoy.lb")),
  };
}

/** String values of a google.protobuf.Struct, in proto form ({fields: {k: {stringValue}}}) or plain JSON. */
export function structStrings(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  const fields = objectField(value, "fields");
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(fields ?? value)) {
    const text = fields ? structScalar(entry) : entry;
    if (typeof text === "string") result[key] = text;
  }
  return result;
}
