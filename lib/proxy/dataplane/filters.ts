/**
 * The HTTP filter chain before the router, as decisions: the fault filter (delay and/or abort) and the
 * local rate limit, each with its most specific configuration (weighted cluster entry, route, virtual
 * host, route configuration, then the listener's own). A filter disabled on the listener runs only where a
 * route configures it; a scope can switch a filter off.
 */
import type { LocalRateLimitConfig } from "../config/filter-model";
import type { HttpFilter } from "../config/model";
import type { HeaderMutation, PerFilterConfig } from "../config/route-model";
import { decideFault, type FaultAbortDecision } from "../resilience/fault";
import { decideRateLimit } from "../resilience/rate-limit";
import { TokenBucket } from "../resilience/token-bucket";
import { effectiveFilterOverride } from "../routing/filter-scope";
import type { RouteRequest } from "../routing/request";
import type { Clock, Random } from "../util/random";

export interface FilterPlan {
  readonly delayMs: number;
  readonly abort?: FaultAbortDecision;
  readonly limited?: { readonly status: number; readonly headers: HeaderMutation };
  readonly faultInjected: boolean;
}

export interface FilterContext {
  readonly random: Random;
  /** Wall clock, for fault expiry. */
  readonly nowMs: number;
  readonly cluster?: string;
  readonly activeFaults: number;
  readonly buckets: RateLimitBuckets;
}

const NOTHING: FilterPlan = { delayMs: 0, faultInjected: false };

export function planFilters(
  filters: readonly HttpFilter[],
  scopes: readonly (PerFilterConfig | undefined)[],
  request: RouteRequest,
  context: FilterContext,
): FilterPlan {
  let delayMs = 0;
  let faultInjected = false;
  for (const filter of filters) {
    if (filter.kind !== "fault" && filter.kind !== "local_rate_limit") continue;
    const override = effectiveFilterOverride(filter.name, scopes);
    if (override?.kind === "disabled" || (filter.disabled && override === undefined)) continue;
    if (filter.kind === "fault") {
      const fault = override?.kind === "fault" ? override.fault : filter.fault;
      const decision = decideFault(fault, request, {
        random: context.random,
        nowMs: context.nowMs,
        activeFaults: context.activeFaults,
        ...(context.cluster !== undefined && { cluster: context.cluster }),
      });
      if (decision.delayMs !== undefined) {
        delayMs += decision.delayMs;
        faultInjected = true;
      }
      if (decision.abort) return { delayMs, abort: decision.abort, faultInjected: true };
    } else {
      const config = override?.kind === "local_rate_limit" ? override.rateLimit : filter.rateLimit;
      const bucket = context.buckets.bucketFor(config);
      if (!bucket) continue;
      const decision = decideRateLimit(config, bucket, context.random);
      if (decision.kind === "limited")
        return {
          delayMs,
          faultInjected,
          limited: { status: decision.status, headers: config.responseHeaders },
        };
    }
  }
  return delayMs === 0 && !faultInjected ? NOTHING : { delayMs, faultInjected };
}

/**
 * One token bucket per rate limit configuration object. Configurations that did not change across xDS
 * updates keep their object (see xds/resource-state.ts), so they keep their bucket too.
 */
export class RateLimitBuckets {
  private readonly buckets = new WeakMap<LocalRateLimitConfig, TokenBucket>();

  constructor(private readonly clock: Clock) {}

  bucketFor(config: LocalRateLimitConfig): TokenBucket | undefined {
    if (!config.tokenBucket) return undefined;
    let bucket = this.buckets.get(config);
    if (!bucket) {
      bucket = new TokenBucket(config.tokenBucket, this.clock);
      this.buckets.set(config, bucket);
    }
    return bucket;
  }
}
