import { isIpLiteral } from "@/lib/mesh/ip";
import type { Service } from "@/lib/mesh/schema";
import type { TranslationContext } from "./context";
import type { ClusterLoadAssignment, HealthStatus, LbEndpoint, LocalityLbEndpoints } from "./envoyTypes";
import { uint32 } from "./protoValues";
import type { RegistryEndpoint } from "./types";

/** All instances of a service: registered ones first, then the admin's external endpoints. */
export function instancesOf(service: Service, registry: readonly RegistryEndpoint[]): RegistryEndpoint[] {
  const registered = registry.filter((endpoint) => endpoint.service === service.name);
  const external = (service.endpoints ?? []).map(
    (endpoint): RegistryEndpoint => ({
      service: service.name,
      address: endpoint.address,
      port: endpoint.port,
      labels: endpoint.labels ?? {},
      ...(endpoint.zone !== undefined ? { zone: endpoint.zone } : {}),
      ...(endpoint.weight !== undefined ? { weight: endpoint.weight } : {}),
    }),
  );
  return [...registered, ...external];
}

/**
 * The endpoints of one cluster: the instances carrying every label of the subset selector, grouped by
 * zone. Every locality gets a weight (gRPC drops localities without one): the sum of its usable
 * endpoints' weights, at least 1. Addresses that are not IP literals are skipped (xDS clients accept
 * only IPs in EDS) and reported. Output is sorted so equal inputs give byte-equal resources.
 */
export function buildLoadAssignment(
  cluster: string,
  selector: Record<string, string>,
  instances: readonly RegistryEndpoint[],
  ctx: TranslationContext,
): ClusterLoadAssignment {
  const byZone = new Map<string, LbEndpoint[]>();
  const seen = new Set<string>();
  for (const instance of instances) {
    if (!matchesSelector(instance.labels, selector)) continue;
    const key = `${instance.address}|${instance.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!isIpLiteral(instance.address)) {
      ctx.downgrade({
        resource: `ClusterLoadAssignment/${cluster}`,
        field: `endpoints[${instance.address}:${instance.port}]`,
        from: `endpoint ${instance.address}:${instance.port}`,
        to: "omitted",
        reason: "endpoint addresses must be IP literals",
      });
      continue;
    }
    const zone = instance.zone ?? "";
    byZone.set(zone, [...(byZone.get(zone) ?? []), lbEndpoint(instance)]);
  }
  const localities = [...byZone.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([zone, endpoints]): LocalityLbEndpoints => {
      const sorted = endpoints.sort((a, b) => compare(endpointKey(a), endpointKey(b)));
      const usable = sorted.filter((endpoint) => endpoint.health_status !== "UNHEALTHY");
      const weight = usable.reduce((sum, endpoint) => sum + endpoint.load_balancing_weight.value, 0);
      return {
        locality: zone === "" ? {} : { zone },
        lb_endpoints: sorted,
        load_balancing_weight: uint32(Math.max(weight, 1)),
      };
    });
  return { cluster_name: cluster, endpoints: localities };
}

function lbEndpoint(instance: RegistryEndpoint): LbEndpoint {
  const health: HealthStatus =
    instance.healthy === undefined ? "UNKNOWN" : instance.healthy ? "HEALTHY" : "UNHEALTHY";
  return {
    endpoint: { address: { socket_address: { address: instance.address, port_value: instance.port } } },
    health_status: health,
    load_balancing_weight: uint32(Math.max(1, Math.round(instance.weight ?? 1))),
  };
}

export function matchesSelector(labels: Record<string, string>, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

function endpointKey(endpoint: LbEndpoint): string {
  const socket = endpoint.endpoint.address.socket_address;
  return `${socket.address}|${String(socket.port_value).padStart(5, "0")}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
