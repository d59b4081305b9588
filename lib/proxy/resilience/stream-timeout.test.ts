import { describe, expect, it } from "vitest";
import {
  formatGrpcTimeout,
  INBOUND_TIMEOUT_POLICY,
  MAX_TIMER_MS,
  parseGrpcTimeout,
  requestTimeouts,
  type StreamTimeoutPolicy,
  withConnectionStreamLimit,
} from "./stream-timeout";

describe("parseGrpcTimeout", () => {
  it("reads every unit in milliseconds", () => {
    expect(parseGrpcTimeout("2H")).toBe(7_200_000);
    expect(parseGrpcTimeout("3M")).toBe(180_000);
    expect(parseGrpcTimeout("5S")).toBe(5000);
    expect(parseGrpcTimeout("250m")).toBe(250);
    expect(parseGrpcTimeout("0m")).toBe(0);
    expect(parseGrpcTimeout("00000007S")).toBe(7000);
  });

  it("rounds micro- and nanoseconds up to whole milliseconds", () => {
    expect(parseGrpcTimeout("1500u")).toBe(2);
    expect(parseGrpcTimeout("2000u")).toBe(2);
    expect(parseGrpcTimeout("1u")).toBe(1);
    expect(parseGrpcTimeout("1n")).toBe(1);
    expect(parseGrpcTimeout("3000000n")).toBe(3);
    expect(parseGrpcTimeout("3000001n")).toBe(4);
    expect(parseGrpcTimeout("0n")).toBe(0);
  });

  it("takes the largest value gRPC allows (8 digits of hours)", () => {
    expect(parseGrpcTimeout("99999999H")).toBe(99_999_999 * 3_600_000);
  });

  it("ignores absent, repeated and malformed values", () => {
    for (const value of [
      undefined,
      ["1S", "2S"],
      "",
      "S",
      "10",
      "123456789S", // 9 digits
      "1.5S",
      "-1S",
      "+1S",
      " 1S",
      "1S ",
      "1s",
      "1h",
      "1 S",
      "1SS",
      "1d",
      "0x10S",
    ]) {
      expect(parseGrpcTimeout(value), JSON.stringify(value)).toBeUndefined();
    }
  });
});

describe("formatGrpcTimeout", () => {
  it("writes whole milliseconds while they fit in 8 digits", () => {
    expect(formatGrpcTimeout(0)).toBe("0m");
    expect(formatGrpcTimeout(1500)).toBe("1500m");
    expect(formatGrpcTimeout(99_999_999)).toBe("99999999m");
    expect(formatGrpcTimeout(12.9)).toBe("12m");
    expect(formatGrpcTimeout(-5)).toBe("0m");
  });

  it("moves to seconds, minutes and hours, rounding down, and clips at 99999999H", () => {
    expect(formatGrpcTimeout(100_000_000)).toBe("100000S");
    expect(formatGrpcTimeout(100_000_999)).toBe("100000S");
    expect(formatGrpcTimeout(99_999_999_999)).toBe("99999999S");
    expect(formatGrpcTimeout(100_000_000_000)).toBe("1666666M");
    expect(formatGrpcTimeout(5_999_999_940_000)).toBe("99999999M");
    expect(formatGrpcTimeout(6_000_000_000_000)).toBe("1666666H");
    expect(formatGrpcTimeout(99_999_999 * 3_600_000)).toBe("99999999H");
    expect(formatGrpcTimeout(Number.MAX_SAFE_INTEGER)).toBe("99999999H");
  });

  it("round-trips what it writes", () => {
    for (const ms of [0, 1, 999, 86_400_000, 100_000_000_000])
      expect(parseGrpcTimeout(formatGrpcTimeout(ms))).toBeLessThanOrEqual(ms);
    expect(parseGrpcTimeout(formatGrpcTimeout(86_400_000))).toBe(86_400_000);
  });
});

describe("requestTimeouts", () => {
  const routeOnly: StreamTimeoutPolicy = { timeoutMs: 15_000 };
  // What Weft's control plane sends for `timeout: 2s` (as Istio means a VirtualService timeout).
  const meshTimeout: StreamTimeoutPolicy = {
    timeoutMs: 2000,
    maxStreamDurationMs: 2000,
    grpcTimeoutHeaderMaxMs: 2000,
  };

  it("keeps the route timeout when the route sets no stream limits, whatever the header", () => {
    expect(requestTimeouts(routeOnly, "100m", true, 0)).toEqual({ routeTimeoutMs: 15_000 });
    expect(requestTimeouts({ timeoutMs: 0 }, "100m", true, 0)).toEqual({ routeTimeoutMs: 0 });
  });

  it("honours a gRPC deadline shorter than the route's timeout, in place of the route timeout", () => {
    expect(requestTimeouts(meshTimeout, "300m", true, 0)).toEqual({
      routeTimeoutMs: 0,
      streamDeadlineMs: 300,
      upstreamGrpcTimeout: "300m",
    });
  });

  it("caps a longer gRPC deadline at grpc_timeout_header_max", () => {
    expect(requestTimeouts(meshTimeout, "30S", true, 0)).toEqual({
      routeTimeoutMs: 0,
      streamDeadlineMs: 2000,
      upstreamGrpcTimeout: "2000m",
    });
  });

  it("lets a header replace a shorter route timeout (Envoy's rule: the header is the stream's limit)", () => {
    const policy = { timeoutMs: 1000, grpcTimeoutHeaderMaxMs: 10_000 };
    expect(requestTimeouts(policy, "5S", true, 0)).toEqual({
      routeTimeoutMs: 0,
      streamDeadlineMs: 5000,
      upstreamGrpcTimeout: "5000m",
    });
  });

  it("a request's own route timeout (x-envoy-upstream-rq-timeout-ms) stands beside an honoured gRPC deadline", () => {
    const policy = { timeoutMs: 1000, grpcTimeoutHeaderMaxMs: 10_000 };
    // The deadline comes first: it keeps its timer, the route timer is the header's.
    expect(requestTimeouts(policy, "100m", true, 0, 5000)).toEqual({
      routeTimeoutMs: 5000,
      streamDeadlineMs: 100,
      upstreamGrpcTimeout: "100m",
    });
    // The header's timeout comes first: no deadline timer is needed.
    expect(requestTimeouts(policy, "5S", true, 0, 50)).toEqual({
      routeTimeoutMs: 50,
      upstreamGrpcTimeout: "5000m",
    });
    // 0: no route timeout, the deadline alone.
    expect(requestTimeouts(policy, "5S", true, 0, 0)).toEqual({
      routeTimeoutMs: 0,
      streamDeadlineMs: 5000,
      upstreamGrpcTimeout: "5000m",
    });
    expect(requestTimeouts({ timeoutMs: 15_000 }, undefined, false, 0, 250)).toEqual({ routeTimeoutMs: 250 });
  });

  it("treats grpc_timeout_header_max 0 as no cap", () => {
    const policy = { timeoutMs: 0, grpcTimeoutHeaderMaxMs: 0 };
    expect(requestTimeouts(policy, "2H", true, 0)).toEqual({
      routeTimeoutMs: 0,
      streamDeadlineMs: 7_200_000,
      upstreamGrpcTimeout: "7200000m",
    });
  });

  it("subtracts the offset from the header's value, after the cap", () => {
    const policy = { timeoutMs: 0, grpcTimeoutHeaderMaxMs: 1000, grpcTimeoutHeaderOffsetMs: 100 };
    expect(requestTimeouts(policy, "400m", true, 0)).toMatchObject({
      streamDeadlineMs: 300,
      upstreamGrpcTimeout: "300m",
    });
    expect(requestTimeouts(policy, "5S", true, 0)).toMatchObject({
      streamDeadlineMs: 900,
      upstreamGrpcTimeout: "900m",
    });
  });

  it("expires at once when the offset is as large as the deadline, or the deadline is 0", () => {
    const policy = { timeoutMs: 5000, grpcTimeoutHeaderMaxMs: 0, grpcTimeoutHeaderOffsetMs: 500 };
    const expired = { routeTimeoutMs: 0, streamDeadlineMs: 0, upstreamGrpcTimeout: "0m" };
    expect(requestTimeouts(policy, "500m", true, 0)).toEqual(expired);
    expect(requestTimeouts(policy, "200m", true, 0)).toEqual(expired);
    expect(requestTimeouts(policy, "0S", true, 0)).toEqual(expired);
  });

  it("ignores a malformed header: the route's own limits apply", () => {
    for (const header of ["5", "5s", "123456789m", "-1S", ["1S", "2S"]]) {
      expect(requestTimeouts(meshTimeout, header, false, 0), JSON.stringify(header)).toEqual({
        routeTimeoutMs: 2000,
      });
    }
    const capped = { timeoutMs: 10_000, maxStreamDurationMs: 500, grpcTimeoutHeaderMaxMs: 0 };
    expect(requestTimeouts(capped, "oops", true, 0)).toEqual({
      routeTimeoutMs: 10_000,
      streamDeadlineMs: 500,
      upstreamGrpcTimeout: "500m",
    });
  });

  it("caps any request at max_stream_duration beside the route timeout", () => {
    const policy = { timeoutMs: 10_000, maxStreamDurationMs: 300 };
    expect(requestTimeouts(policy, undefined, false, 0)).toEqual({
      routeTimeoutMs: 10_000,
      streamDeadlineMs: 300,
    });
    // Not honoured without grpc_timeout_header_max: a gRPC request is told the route's limit...
    expect(requestTimeouts(policy, "5S", true, 0)).toEqual({
      routeTimeoutMs: 10_000,
      streamDeadlineMs: 300,
      upstreamGrpcTimeout: "300m",
    });
    // ...unless the caller's own deadline is shorter, which is kept.
    expect(requestTimeouts(policy, "100m", true, 0)).toMatchObject({ upstreamGrpcTimeout: "100m" });
  });

  it("leaves the stream timer out when the route timeout ends the request no later", () => {
    expect(requestTimeouts(meshTimeout, undefined, false, 0)).toEqual({ routeTimeoutMs: 2000 });
    expect(requestTimeouts(meshTimeout, undefined, true, 0)).toEqual({
      routeTimeoutMs: 2000,
      upstreamGrpcTimeout: "2000m",
    });
    expect(requestTimeouts({ timeoutMs: 500, maxStreamDurationMs: 800 }, undefined, false, 0)).toEqual({
      routeTimeoutMs: 500,
    });
  });

  it("treats max_stream_duration 0 as no limit", () => {
    expect(requestTimeouts({ timeoutMs: 3000, maxStreamDurationMs: 0 }, "1S", true, 0)).toEqual({
      routeTimeoutMs: 3000,
    });
  });

  it("counts a fault delay against the stream deadline but not the header it forwards", () => {
    expect(requestTimeouts(meshTimeout, "300m", true, 120)).toEqual({
      routeTimeoutMs: 0,
      streamDeadlineMs: 180,
      upstreamGrpcTimeout: "300m",
    });
    expect(requestTimeouts(meshTimeout, "300m", true, 400)).toMatchObject({ streamDeadlineMs: 0 });
    // The route timeout starts when the request is forwarded, so the delay makes the stream limit the earlier.
    expect(requestTimeouts({ timeoutMs: 1000, maxStreamDurationMs: 1000 }, undefined, false, 50)).toEqual({
      routeTimeoutMs: 1000,
      streamDeadlineMs: 950,
    });
  });

  it("sets the upstream header for gRPC requests only", () => {
    expect(requestTimeouts(meshTimeout, "300m", false, 0)).toEqual({
      routeTimeoutMs: 0,
      streamDeadlineMs: 300,
    });
  });

  it("keeps limits beyond Node's largest timer as none instead of letting them fire at once", () => {
    const uncapped = { timeoutMs: 0, grpcTimeoutHeaderMaxMs: 0 };
    expect(requestTimeouts(uncapped, "99999999H", true, 0)).toEqual({
      routeTimeoutMs: 0,
      upstreamGrpcTimeout: "99999999H",
    });
    // 596 h fits in a timer (2,145,600,000 ms), 597 h does not (2,149,200,000 ms).
    expect(requestTimeouts(uncapped, "596H", false, 0)).toEqual({
      routeTimeoutMs: 0,
      streamDeadlineMs: 2_145_600_000,
    });
    expect(requestTimeouts(uncapped, "597H", false, 0)).toEqual({ routeTimeoutMs: 0 });
    expect(requestTimeouts({ timeoutMs: MAX_TIMER_MS + 1 }, undefined, false, 0)).toEqual({
      routeTimeoutMs: 0,
    });
    expect(requestTimeouts({ timeoutMs: MAX_TIMER_MS }, undefined, false, 0)).toEqual({
      routeTimeoutMs: MAX_TIMER_MS,
    });
  });

  it("inbound: no route timeout, the caller's grpc-timeout honoured without a cap", () => {
    expect(requestTimeouts(INBOUND_TIMEOUT_POLICY, undefined, true, 0)).toEqual({ routeTimeoutMs: 0 });
    expect(requestTimeouts(INBOUND_TIMEOUT_POLICY, "90S", true, 0)).toEqual({
      routeTimeoutMs: 0,
      streamDeadlineMs: 90_000,
      upstreamGrpcTimeout: "90000m",
    });
    expect(requestTimeouts(INBOUND_TIMEOUT_POLICY, "1000000u", true, 0)).toMatchObject({
      upstreamGrpcTimeout: "1000m",
    });
  });
});

describe("withConnectionStreamLimit", () => {
  it("gives the connection manager's limit to a route that sets none, and leaves one that does", () => {
    expect(withConnectionStreamLimit({ timeoutMs: 1000 }, 300)).toEqual({
      timeoutMs: 1000,
      maxStreamDurationMs: 300,
    });
    const own = { timeoutMs: 1000, maxStreamDurationMs: 0 };
    expect(withConnectionStreamLimit(own, 300)).toBe(own);
    const none = { timeoutMs: 1000 };
    expect(withConnectionStreamLimit(none, undefined)).toBe(none);
  });

  it("keeps the route's grpc-timeout handling: an honoured header still sets the deadline", () => {
    const policy = withConnectionStreamLimit(INBOUND_TIMEOUT_POLICY, 300);
    expect(requestTimeouts(policy, undefined, false, 0)).toEqual({
      routeTimeoutMs: 0,
      streamDeadlineMs: 300,
    });
    expect(requestTimeouts(policy, "5S", true, 0)).toMatchObject({ streamDeadlineMs: 5000 });
  });
});
