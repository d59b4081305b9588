import type { TokenBucketConfig } from "../config/filter-model";
import type { Clock } from "../util/random";

/**
 * A token bucket refilled in whole steps, like Envoy's local rate limit: it starts full, and every
 * fill_interval adds tokens_per_fill up to max_tokens. Time comes from the injected clock, and refills
 * are computed lazily on use, so no timer is needed.
 */
export class TokenBucket {
  private tokens: number;
  private lastFillMs: number;

  constructor(
    private readonly config: TokenBucketConfig,
    private readonly clock: Clock,
  ) {
    this.tokens = config.maxTokens;
    this.lastFillMs = clock();
  }

  /** Takes `count` tokens if that many are there; false means the request is rate limited (429). */
  tryConsume(count = 1): boolean {
    this.refill();
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }

  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Time until the next refill step adds tokens (for Retry-After); 0 when tokens are available. */
  msUntilRefill(): number {
    this.refill();
    if (this.tokens > 0) return 0;
    return this.lastFillMs + this.config.fillIntervalMs - this.clock();
  }

  private refill(): void {
    const now = this.clock();
    const steps = Math.floor((now - this.lastFillMs) / this.config.fillIntervalMs);
    if (steps <= 0) return;
    this.tokens = Math.min(this.config.maxTokens, this.tokens + steps * this.config.tokensPerFill);
    this.lastFillMs += steps * this.config.fillIntervalMs;
  }
}
