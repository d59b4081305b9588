import { effectiveWeight } from "@/lib/mesh/rules";
import type {
  Destination,
  HashOn,
  RetryCondition,
  RetryPolicy as RetryRule,
  RouteRule,
} from "@/lib/mesh/schema";
import type { RouteScope, TranslationContext } from "./context";
import type { ClusterWeight, HashPolicy, RetryPolicy, RouteAction } from "./envoyTypes";
import { localRateLimitConfig } from "./filters";
import { clusterName, HTTP_FILTER_NAMES } from "./names";
import { fractionalPercent, protoDuration, uint32 } from "./protoValues";
import { TYPE_URLS } from "./typeUrls";

/**
 * Where traffic goes: one cluster, or weighted clusters (integer weights summing to 100). Also returns
 * the route-level local rate limit config for the single-cluster case (see filters.ts for why it sits
 * on the route).
 */
export function translateAction(
  rule: Pick<RouteRule, "destinations" | "timeout" | "retry" | "mirror">,
  scope: RouteScope,
  ctx: TranslationContext,
): { action: RouteAction; rateLimit: ReturnType<typeof localRateLimitConfig> } {
  const action: RouteAction = {};
  let rateLimit: ReturnType<typeof localRateLimitConfig>;
  const [only] = rule.destinations;
  if (rule.destinations.length === 1 && only) {
    action.cluster = clusterName(only.service, only.subset);
    rateLimit = localRateLimitConfig(action.cluster, `${scope.field}.typed_per_filter_config`, scope, ctx);
  } else {
    const clusters = rule.destinations.map((destination) => clusterWeight(rule, destination, scope, ctx));
    action.weighted_clusters = { clusters };
    if (ctx.capabilities.totalWeight) action.weighted_clusters.total_weight = uint32(100);
  }
  if (rule.timeout !== undefined) {
    const timeout = protoDuration(rule.timeout);
    if (ctx.capabilities.routeTimeout) action.timeout = timeout;
    // A gRPC deadline shorter than the timeout is honoured, a longer one capped (docs/control-plane.md).
    action.max_stream_duration = { max_stream_duration: timeout, grpc_timeout_header_max: timeout };
  }
  if (rule.retry) {
    const retry = retryPolicy(rule.retry, scope, ctx);
    if (retry) action.retry_policy = retry;
  }
  if (rule.mirror) {
    if (ctx.capabilities.requestMirror) {
      action.request_mirror_policies = [
        {
          cluster: clusterName(rule.mirror.service, rule.mirror.subset),
          runtime_fraction: { default_value: fractionalPercent(rule.mirror.percentage) },
        },
      ];
    } else {
      ctx.downgrade({
        ...scope,
        field: `${scope.field}.route.request_mirror_policies`,
        from: "request mirroring",
        to: "omitted",
      });
    }
  }
  const hashPolicy = hashPolicies(rule.destinations, scope, ctx);
  if (hashPolicy.length > 0) action.hash_policy = hashPolicy;
  return { action, rateLimit };
}

function clusterWeight(
  rule: Pick<RouteRule, "destinations">,
  destination: Destination,
  scope: RouteScope,
  ctx: TranslationContext,
): ClusterWeight {
  const name = clusterName(destination.service, destination.subset);
  const out: ClusterWeight = { name, weight: uint32(effectiveWeight(rule, destination) ?? 0) };
  const field = `${scope.field}.route.weighted_clusters.clusters[${name}].typed_per_filter_config`;
  const rateLimit = localRateLimitConfig(name, field, scope, ctx);
  if (rateLimit) out.typed_per_filter_config = { [HTTP_FILTER_NAMES.localRateLimit]: rateLimit };
  return out;
}

const GRPC_CONDITIONS: ReadonlySet<RetryCondition> = new Set([
  "cancelled",
  "deadline-exceeded",
  "internal",
  "resource-exhausted",
  "unavailable",
]);

function retryPolicy(retry: RetryRule, scope: RouteScope, ctx: TranslationContext): RetryPolicy | undefined {
  let conditions: string[] = [...retry.retryOn];
  if (!ctx.capabilities.httpRetryConditions) {
    const http = conditions.filter((condition) => !GRPC_CONDITIONS.has(condition as RetryCondition));
    // gRPC clients see failed connections and 5xx-like responses as UNAVAILABLE.
    const mapped = http.some((condition) => condition !== "retriable-status-codes") ? ["unavailable"] : [];
    conditions = [
      ...new Set([...conditions.filter((c) => GRPC_CONDITIONS.has(c as RetryCondition)), ...mapped]),
    ];
    if (http.length > 0) {
      const to = conditions.length > 0 ? conditions.join(",") : "omitted";
      ctx.downgrade({
        ...scope,
        field: `${scope.field}.route.retry_policy.retry_on`,
        from: retry.retryOn.join(","),
        to,
        reason: `${ctx.capabilities.client} retries on gRPC status conditions only`,
      });
    }
    if (conditions.length === 0) return undefined;
  }
  const policy: RetryPolicy = {
    retry_on: conditions.join(","),
    num_retries: uint32(retry.attempts),
    // As Istio does: a retry goes to a host not tried yet (re-picking up to 5 times). gRPC clients ignore it.
    retry_host_predicate: [
      {
        name: "envoy.retry_host_predicates.previous_hosts",
        typed_config: { "@type": TYPE_URLS.previousHostsPredicate },
      },
    ],
    host_selection_retry_max_attempts: 5,
  };
  if (retry.perTryTimeout !== undefined) policy.per_try_timeout = protoDuration(retry.perTryTimeout);
  const codes = retry.retriableStatusCodes ?? [];
  if (codes.length > 0 && conditions.includes("retriable-status-codes"))
    policy.retriable_status_codes = [...codes];
  if (retry.backoff) {
    policy.retry_back_off = { base_interval: protoDuration(retry.backoff.baseInterval) };
    if (retry.backoff.maxInterval !== undefined)
      policy.retry_back_off.max_interval = protoDuration(retry.backoff.maxInterval);
  }
  return policy;
}

/** Hash keys for the hash-based balancers of the destinations, in order, without repeats. */
function hashPolicies(
  destinations: readonly Destination[],
  scope: RouteScope,
  ctx: TranslationContext,
): HashPolicy[] {
  const seen = new Set<string>();
  const out: HashPolicy[] = [];
  for (const destination of destinations) {
    const lb = ctx.policies.get(clusterName(destination.service, destination.subset))?.loadBalancer;
    if (!lb?.hashOn || (lb.type !== "ring_hash" && lb.type !== "maglev")) continue;
    const policy = hashPolicy(lb.hashOn, scope, ctx);
    const key = JSON.stringify(policy);
    if (policy && !seen.has(key)) {
      seen.add(key);
      out.push(policy);
    }
  }
  return out;
}

function hashPolicy(hashOn: HashOn, scope: RouteScope, ctx: TranslationContext): HashPolicy | undefined {
  const field = `${scope.field}.route.hash_policy`;
  if (hashOn.header !== undefined) return { header: { header_name: hashOn.header } };
  if (hashOn.cookie !== undefined) {
    if (ctx.capabilities.cookieHash) return { cookie: { name: hashOn.cookie } };
    ctx.downgrade({ ...scope, field, from: "hash on cookie", to: "omitted" });
    return undefined;
  }
  if (ctx.capabilities.sourceIpHash === "connection_properties")
    return { connection_properties: { source_ip: true } };
  ctx.downgrade({
    ...scope,
    field,
    from: "hash on source IP",
    to: "hash on channel (filter_state io.grpc.channel_id)",
    reason: `${ctx.capabilities.client} cannot hash on the source IP; one client channel is its closest equivalent`,
  });
  return { filter_state: { key: "io.grpc.channel_id" } };
}
