import type {
  CircuitBreakers,
  DestinationPolicy,
  LoadBalancerType,
  OutlierDetection as OutlierRule,
} from "@/lib/mesh/schema";
import { substituteLbPolicy } from "./capabilities";
import type { TranslationContext } from "./context";
import type {
  CircuitBreakerThresholds,
  Cluster,
  ConfigSource,
  LbPolicy,
  OutlierDetection,
} from "./envoyTypes";
import { protoDuration, uint32 } from "./protoValues";

const LB_POLICIES: Record<LoadBalancerType, LbPolicy> = {
  round_robin: "ROUND_ROBIN",
  random: "RANDOM",
  least_request: "LEAST_REQUEST",
  ring_hash: "RING_HASH",
  maglev: "MAGLEV",
};

export const ADS_CONFIG_SOURCE: ConfigSource = { ads: {}, resource_api_version: "V3" };

/**
 * An EDS cluster (endpoints come from the ClusterLoadAssignment of the same name, over ADS) with the
 * destination's load balancing, circuit breakers, outlier detection and active health checks. The local
 * rate limit of a policy is not a cluster setting in Envoy; it is emitted on routes (see filters.ts).
 */
export function buildCluster(name: string, policy: DestinationPolicy, ctx: TranslationContext): Cluster {
  const resource = `Cluster/${name}`;
  const wanted = LB_POLICIES[policy.loadBalancer?.type ?? "round_robin"];
  const lbPolicy = substituteLbPolicy(wanted, ctx.capabilities);
  if (lbPolicy !== wanted) {
    ctx.downgrade({
      resource,
      field: "lb_policy",
      from: wanted,
      to: lbPolicy,
      reason: `${ctx.capabilities.client} rejects lb_policy ${wanted}`,
    });
  }
  const cluster: Cluster = {
    name,
    type: "EDS",
    eds_cluster_config: { eds_config: ADS_CONFIG_SOURCE, service_name: name },
    lb_policy: lbPolicy,
  };
  const lb = policy.loadBalancer;
  if (
    lbPolicy === "RING_HASH" &&
    lb?.type === "ring_hash" &&
    (lb.minRingSize ?? lb.maxRingSize) !== undefined
  ) {
    cluster.ring_hash_lb_config = {};
    if (lb.minRingSize !== undefined)
      cluster.ring_hash_lb_config.minimum_ring_size = { value: lb.minRingSize };
    if (lb.maxRingSize !== undefined)
      cluster.ring_hash_lb_config.maximum_ring_size = { value: lb.maxRingSize };
  }
  if (policy.circuitBreakers) {
    const thresholds = circuitBreakerThresholds(policy.circuitBreakers, resource, ctx);
    if (thresholds) cluster.circuit_breakers = { thresholds: [thresholds] };
  }
  if (policy.outlierDetection)
    cluster.outlier_detection = outlierDetection(policy.outlierDetection, resource, ctx);
  const health = policy.healthCheck;
  if (health && ctx.capabilities.healthChecks) {
    cluster.health_checks = [
      {
        timeout: protoDuration(health.timeout),
        interval: protoDuration(health.interval),
        healthy_threshold: uint32(health.healthyThreshold),
        unhealthy_threshold: uint32(health.unhealthyThreshold),
        http_health_check: { path: health.path },
      },
    ];
  } else if (health) {
    ctx.downgrade({ resource, field: "health_checks", from: "active HTTP health checks", to: "omitted" });
  }
  return cluster;
}

const BREAKER_FIELDS = [
  ["maxConnections", "max_connections"],
  ["maxPendingRequests", "max_pending_requests"],
  ["maxRequests", "max_requests"],
  ["maxRetries", "max_retries"],
] as const;

function circuitBreakerThresholds(
  breakers: CircuitBreakers,
  resource: string,
  ctx: TranslationContext,
): CircuitBreakerThresholds | undefined {
  const thresholds: CircuitBreakerThresholds = { priority: "DEFAULT" };
  let any = false;
  for (const [from, to] of BREAKER_FIELDS) {
    const value = breakers[from];
    if (value === undefined) continue;
    if (!ctx.capabilities.circuitBreakerFields.has(to)) {
      ctx.downgrade({
        resource,
        field: `circuit_breakers.thresholds[0].${to}`,
        from: `circuit breaker ${to}`,
        to: "omitted",
      });
      continue;
    }
    thresholds[to] = uint32(value);
    any = true;
  }
  return any ? thresholds : undefined;
}

/**
 * Only the consecutive-error detectors of the model are on: success-rate ejection, which Envoy and gRPC
 * enable by default, is switched off so that behaviour matches the policy as written.
 */
function outlierDetection(rule: OutlierRule, resource: string, ctx: TranslationContext): OutlierDetection {
  const out: OutlierDetection = { enforcing_success_rate: uint32(0) };
  if (ctx.capabilities.consecutiveErrorEjection) {
    if (rule.consecutive5xx !== undefined) out.consecutive_5xx = uint32(rule.consecutive5xx);
    if (rule.consecutiveGatewayErrors !== undefined) {
      out.consecutive_gateway_failure = uint32(rule.consecutiveGatewayErrors);
      // Envoy enforces gateway-failure ejection at 0% unless told otherwise.
      out.enforcing_consecutive_gateway_failure = uint32(100);
    }
  } else if (rule.consecutive5xx !== undefined || rule.consecutiveGatewayErrors !== undefined) {
    ctx.downgrade({
      resource,
      field: "outlier_detection",
      from: "consecutive-error ejection",
      to: "omitted",
      reason: `${ctx.capabilities.client} ejects on success rate or failure percentage only`,
    });
  }
  if (rule.interval !== undefined) out.interval = protoDuration(rule.interval);
  if (rule.baseEjectionTime !== undefined) out.base_ejection_time = protoDuration(rule.baseEjectionTime);
  if (rule.maxEjectionPercent !== undefined) out.max_ejection_percent = uint32(rule.maxEjectionPercent);
  return out;
}
