import { describe, expect, it } from "vitest";
import type { RetryOn, RetryPolicy } from "../config/route-model";
import { backoffCeilingMs, backoffDelayMs } from "./backoff";
import { type AttemptOutcome, attemptTimeoutMs, decideRetry, isRetriable } from "./retry";

function policy(retryOn: RetryOn[], extra: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    retryOn: new Set(retryOn),
    numRetries: 2,
    perTryTimeoutMs: 0,
    perTryIdleTimeoutMs: 0,
    retriableStatusCodes: [],
    backoff: { baseMs: 25, maxMs: 250 },
    retriableHeaders: [],
    ...extra,
  };
}

const response = (status: number, grpcStatus?: number): AttemptOutcome => ({
  kind: "response",
  status,
  ...(grpcStatus !== undefined && { grpcStatus }),
});

describe("isRetriable", () => {
  it.each<[RetryOn[], AttemptOutcome, boolean]>([
    [["5xx"], response(500), true],
    [["5xx"], response(503), true],
    [["5xx"], response(404), false],
    [["5xx"], { kind: "connect_failure" }, true],
    [["5xx"], { kind: "reset" }, true],
    [["5xx"], { kind: "per_try_timeout" }, true],
    [["gateway-error"], response(500), false],
    [["gateway-error"], response(502), true],
    [["gateway-error"], response(504), true],
    [["gateway-error"], { kind: "per_try_timeout" }, true],
    [["connect-failure"], { kind: "connect_failure" }, true],
    [["connect-failure"], { kind: "reset" }, false],
    [["connect-failure"], response(503), false],
    [["reset"], { kind: "reset" }, true],
    [["reset"], { kind: "connect_failure" }, true],
    [["reset"], response(503), false],
    [["refused-stream"], { kind: "refused_stream" }, true],
    [["retriable-4xx"], response(409), true],
    [["retriable-4xx"], response(429), false],
    [["unavailable"], response(200, 14), true],
    [["unavailable"], response(200, 13), false],
    [["internal", "cancelled"], response(200, 1), true],
    [[], response(503), false],
  ])("%j on %j → %s", (retryOn, outcome, expected) => {
    expect(isRetriable(policy(retryOn), outcome)).toBe(expected);
  });

  it("retries listed status codes only with retriable-status-codes", () => {
    expect(
      isRetriable(policy(["retriable-status-codes"], { retriableStatusCodes: [429] }), response(429)),
    ).toBe(true);
    expect(isRetriable(policy(["5xx"], { retriableStatusCodes: [429] }), response(429))).toBe(false);
  });

  it("retries when a retriable header is present in the response", () => {
    const withHeader = policy([], {
      retriableHeaders: [
        {
          name: "x-retry",
          rule: { kind: "present", present: true },
          invert: false,
          treatMissingAsEmpty: false,
        },
      ],
    });
    expect(isRetriable(withHeader, { kind: "response", status: 200, headers: { "x-retry": "1" } })).toBe(
      true,
    );
    expect(isRetriable(withHeader, { kind: "response", status: 200, headers: {} })).toBe(false);
  });
});

describe("decideRetry", () => {
  const base = {
    policy: policy(["5xx"]),
    outcome: response(503),
    retriesSoFar: 0,
    retryAdmitted: true,
    startedAtMs: 1000,
    nowMs: 1100,
    routeTimeoutMs: 15_000,
    random: () => 0.5,
  };

  it("retries with a jittered back-off", () => {
    expect(decideRetry(base)).toEqual({ retry: true, delayMs: 12 });
    expect(decideRetry({ ...base, retriesSoFar: 1 })).toEqual({ retry: true, delayMs: 25 });
  });

  it("stops when not retriable, out of retries, over the breaker, or out of time", () => {
    expect(decideRetry({ ...base, outcome: response(404) })).toEqual({
      retry: false,
      reason: "not_retriable",
    });
    expect(decideRetry({ ...base, retriesSoFar: 2 })).toEqual({ retry: false, reason: "retries_exhausted" });
    expect(decideRetry({ ...base, retryAdmitted: false })).toEqual({ retry: false, reason: "overflow" });
    expect(decideRetry({ ...base, routeTimeoutMs: 110 })).toEqual({ retry: false, reason: "no_time_left" });
    expect(decideRetry({ ...base, routeTimeoutMs: 0, nowMs: 10_000_000 })).toEqual({
      retry: true,
      delayMs: 12,
    });
  });
});

describe("attemptTimeoutMs", () => {
  it("is the per-try timeout cut to the time left on the route", () => {
    expect(attemptTimeoutMs(1000, 3000, 0, 0)).toBe(1000);
    expect(attemptTimeoutMs(1000, 3000, 0, 2500)).toBe(500);
    expect(attemptTimeoutMs(0, 3000, 0, 1000)).toBe(2000);
    expect(attemptTimeoutMs(1000, 0, 0, 99_999)).toBe(1000);
    expect(attemptTimeoutMs(0, 0, 0, 0)).toBe(0);
    // Past the deadline the attempt still gets a 1 ms timeout rather than none.
    expect(attemptTimeoutMs(0, 3000, 0, 5000)).toBe(1);
  });
});

describe("backoff with full jitter", () => {
  const backoff = { baseMs: 25, maxMs: 250 };

  it("doubles the ceiling per retry up to the maximum", () => {
    expect([1, 2, 3, 4, 5, 6, 60].map((k) => backoffCeilingMs(k, backoff))).toEqual([
      25, 50, 100, 200, 250, 250, 250,
    ]);
  });

  it("draws uniformly in [0, ceiling)", () => {
    expect(backoffDelayMs(3, backoff, () => 0)).toBe(0);
    expect(backoffDelayMs(3, backoff, () => 0.999_999)).toBe(99);
    expect(backoffDelayMs(9, backoff, () => 0.5)).toBe(125);
  });
});
