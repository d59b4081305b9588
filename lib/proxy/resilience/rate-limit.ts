import type { LocalRateLimitConfig } from "../config/filter-model";
import type { Random } from "../util/random";
import { rollFraction } from "./fractional-percent";
import type { TokenBucket } from "./token-bucket";

export type RateLimitDecision =
  /** Not checked (filter_enabled missed), or a token was available. */
  | { readonly kind: "allowed" }
  /** Over the limit: answer `status` (429 by default). */
  | { readonly kind: "limited"; readonly status: number }
  /** Over the limit but filter_enforced missed: count it, let it through. */
  | { readonly kind: "limited_not_enforced" };

/** Envoy's local rate limit: filter_enabled picks which requests are checked, filter_enforced which are limited. */
export function decideRateLimit(
  config: LocalRateLimitConfig,
  bucket: TokenBucket,
  random: Random,
): RateLimitDecision {
  if (!rollFraction(config.filterEnabled, random)) return { kind: "allowed" };
  if (bucket.tryConsume()) return { kind: "allowed" };
  return rollFraction(config.filterEnforced, random)
    ? { kind: "limited", status: config.status }
    : { kind: "limited_not_enforced" };
}
