export interface LoginLimiterOptions {
  /** Failures allowed per key within the window before further attempts are refused. */
  maxFailures: number;
  windowMs: number;
  /** Bound on tracked keys, so a flood of distinct usernames cannot grow memory without limit. */
  maxKeys: number;
}

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts failed logins per key (client address + username, and client address alone) in a fixed window.
 * Pure apart from the injected clock.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, { count: number; windowStart: number }>();

  constructor(
    private readonly options: LoginLimiterOptions = {
      maxFailures: 5,
      windowMs: 15 * 60_000,
      maxKeys: 100_000,
    },
    private readonly now: () => number = Date.now,
  ) {}

  check(keys: string[]): LimitDecision {
    const t = this.now();
    let retryAfterMs = 0;
    for (const key of keys) {
      const entry = this.failures.get(key);
      if (!entry || t - entry.windowStart >= this.options.windowMs) continue;
      if (entry.count >= this.limitFor(key)) {
        retryAfterMs = Math.max(retryAfterMs, entry.windowStart + this.options.windowMs - t);
      }
    }
    return retryAfterMs > 0
      ? { allowed: false, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) }
      : { allowed: true };
  }

  recordFailure(keys: string[]): void {
    const t = this.now();
    for (const key of keys) {
      const entry = this.failures.get(key);
      if (!entry || t - entry.windowStart >= this.options.windowMs) {
        if (this.failures.size >= this.options.maxKeys) this.evictExpired(t);
        this.failures.set(key, { count: 1, windowStart: t });
      } else {
        entry.count += 1;
      }
    }
  }

  recordSuccess(keys: string[]): void {
    for (const key of keys) if (key.includes("|")) this.failures.delete(key);
  }

  /** An address alone gets a larger allowance than one address guessing one username. */
  private limitFor(key: string): number {
    return key.includes("|") ? this.options.maxFailures : this.options.maxFailures * 4;
  }

  private evictExpired(t: number): void {
    for (const [key, entry] of this.failures) {
      if (t - entry.windowStart >= this.options.windowMs) this.failures.delete(key);
    }
    // Still full: drop the oldest entries rather than grow.
    while (this.failures.size >= this.options.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }
}

export function loginLimiterKeys(ip: string, username: string): string[] {
  return [`${ip}|${username.toLowerCase()}`, ip];
}
