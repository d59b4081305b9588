import type { Fault } from "@/lib/mesh/schema";
import type { RouteScope, TranslationContext } from "./context";
import type { HttpFaultConfig, HttpFilter, LocalRateLimitConfig } from "./envoyTypes";
import { HTTP_FILTER_NAMES, LOCAL_RATE_LIMIT_STAT_PREFIX } from "./names";
import { fractionalPercent, protoDuration, uint32 } from "./protoValues";
import { headerMatcher } from "./routeMatch";
import { TYPE_URLS } from "./typeUrls";

/**
 * The HTTP filter chain of every listener: fault injection, then (for clients that have it) local rate
 * limiting, then the router, which must be last. The fault and rate limit filters are configured empty
 * here and switched on per route through typed_per_filter_config. The rate limit filter is marked
 * optional: a client that does not have it (or misreports what it is) keeps the listener instead of
 * rejecting it; the per-route settings that use it are only sent where a limit is configured.
 */
export function httpFilters(ctx: TranslationContext): HttpFilter[] {
  const filters: HttpFilter[] = [
    { name: HTTP_FILTER_NAMES.fault, typed_config: { "@type": TYPE_URLS.httpFault } },
  ];
  if (ctx.capabilities.localRateLimit) {
    filters.push({
      name: HTTP_FILTER_NAMES.localRateLimit,
      typed_config: { "@type": TYPE_URLS.localRateLimit, stat_prefix: LOCAL_RATE_LIMIT_STAT_PREFIX },
      is_optional: true,
    });
  }
  filters.push({ name: HTTP_FILTER_NAMES.router, typed_config: { "@type": TYPE_URLS.router } });
  return filters;
}

/** A rule's fault as a per-route HTTPFault, or undefined when it has expired (at `ctx.now`). */
export function faultConfig(fault: Fault | undefined, ctx: TranslationContext, includeHeaders: boolean) {
  if (!fault || isExpired(fault, ctx.now)) return undefined;
  const config: HttpFaultConfig = { "@type": TYPE_URLS.httpFault };
  if (fault.delay) {
    config.delay = {
      fixed_delay: protoDuration(fault.delay.duration),
      percentage: fractionalPercent(fault.delay.percentage),
    };
  }
  if (fault.abort) {
    const percentage = fractionalPercent(fault.abort.percentage);
    config.abort =
      fault.abort.grpcStatus !== undefined
        ? { grpc_status: fault.abort.grpcStatus, percentage }
        : { http_status: fault.abort.httpStatus ?? 503, percentage };
  }
  if (includeHeaders && (fault.headers?.length ?? 0) > 0)
    config.headers = (fault.headers ?? []).map(headerMatcher);
  return config;
}

/**
 * A fault override with both parts present (the missing one at 0%), or a neutral one for a route
 * without a fault; see ClientCapabilities.faultOverrideOnEveryRoute for why some clients need this.
 */
export function completeFaultConfig(config: HttpFaultConfig | undefined): HttpFaultConfig {
  const never = { numerator: 0, denominator: "HUNDRED" } as const;
  return {
    "@type": TYPE_URLS.httpFault,
    delay: config?.delay ?? { fixed_delay: { seconds: 0, nanos: 0 }, percentage: never },
    abort: config?.abort ?? { grpc_status: 14, percentage: never },
    ...(config?.headers ? { headers: config.headers } : {}),
  };
}

export function isExpired(fault: Fault, now: Date): boolean {
  return fault.expiresAt !== undefined && Date.parse(fault.expiresAt) <= now.getTime();
}

/**
 * The token bucket of a destination's policy, as a per-route (or per weighted cluster) override of the
 * local rate limit filter. It sits on the CALLER's outbound route because that is the only place this
 * translation emits HTTP filters today, so each calling proxy has its own bucket per destination; once
 * inbound listeners exist, the destination's own sidecar is the better place (one bucket per instance).
 */
export function localRateLimitConfig(
  cluster: string,
  field: string,
  scope: RouteScope,
  ctx: TranslationContext,
): LocalRateLimitConfig | undefined {
  const limit = ctx.policies.get(cluster)?.localRateLimit;
  if (!limit) return undefined;
  if (!ctx.capabilities.localRateLimit) {
    ctx.downgrade({ ...scope, field, from: `local rate limit for ${cluster}`, to: "omitted" });
    return undefined;
  }
  const everyRequest = { numerator: 100, denominator: "HUNDRED" } as const;
  return {
    "@type": TYPE_URLS.localRateLimit,
    stat_prefix: LOCAL_RATE_LIMIT_STAT_PREFIX,
    token_bucket: {
      max_tokens: limit.maxTokens,
      tokens_per_fill: uint32(limit.tokensPerFill),
      fill_interval: protoDuration(limit.fillInterval),
    },
    // Envoy leaves the filter disabled unless these are set.
    filter_enabled: { default_value: everyRequest, runtime_key: `${LOCAL_RATE_LIMIT_STAT_PREFIX}_enabled` },
    filter_enforced: { default_value: everyRequest, runtime_key: `${LOCAL_RATE_LIMIT_STAT_PREFIX}_enforced` },
  };
}
