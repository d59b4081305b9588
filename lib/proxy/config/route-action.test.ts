import { describe, expect, it } from "vitest";
import { convertResources } from "./from-xds";
import type { ForwardAction, RouteConfig } from "./route-model";

/** One RouteConfiguration "r" whose only route forwards to "c" with these RouteAction fields. */
function convert(route: Record<string, unknown>) {
  return convertResources("RouteConfiguration", [
    {
      name: "r",
      virtual_hosts: [
        {
          name: "vh",
          domains: ["*"],
          routes: [{ match: { prefix: "/" }, route: { cluster: "c", ...route } }],
        },
      ],
    },
  ]);
}

function actionOf(route: Record<string, unknown>): ForwardAction {
  const converted = convert(route);
  expect(converted.errors).toEqual([]);
  const config = converted.resources.get("r") as RouteConfig;
  return config.virtualHosts[0]?.routes[0]?.action as ForwardAction;
}

describe("RouteAction.max_stream_duration", () => {
  it("reads all three durations in milliseconds", () => {
    const action = actionOf({
      timeout: { seconds: "2" },
      max_stream_duration: {
        max_stream_duration: { seconds: "1", nanos: 500_000_000 },
        grpc_timeout_header_max: { seconds: "2" },
        grpc_timeout_header_offset: { nanos: 50_000_000 },
      },
    });
    expect(action).toMatchObject({
      timeoutMs: 2000,
      maxStreamDurationMs: 1500,
      grpcTimeoutHeaderMaxMs: 2000,
      grpcTimeoutHeaderOffsetMs: 50,
    });
  });

  it("keeps an explicit 0 (no limit, no cap) apart from an absent field", () => {
    const action = actionOf({ max_stream_duration: { grpc_timeout_header_max: {} } });
    expect(action.grpcTimeoutHeaderMaxMs).toBe(0);
    expect("maxStreamDurationMs" in action).toBe(false);
    expect("grpcTimeoutHeaderOffsetMs" in action).toBe(false);
    const none = actionOf({});
    expect(none.timeoutMs).toBe(15_000);
    expect("maxStreamDurationMs" in none || "grpcTimeoutHeaderMaxMs" in none).toBe(false);
  });

  it("accepts the JSON form of durations", () => {
    expect(actionOf({ max_stream_duration: { max_stream_duration: "0.250s" } }).maxStreamDurationMs).toBe(
      250,
    );
  });

  it("rejects negative or malformed durations, saying where", () => {
    const converted = convert({
      max_stream_duration: {
        max_stream_duration: { seconds: "-1" },
        grpc_timeout_header_max: "soon",
        grpc_timeout_header_offset: { seconds: "1", nanos: 2_000_000_000 },
      },
    });
    expect(converted.resources.size).toBe(0);
    expect(converted.errors.map((e) => e.message)).toEqual([
      "RouteConfiguration r: virtual_host vh route[0] max_stream_duration max_stream_duration is negative",
      "RouteConfiguration r: virtual_host vh route[0] max_stream_duration grpc_timeout_header_max 'soon' is not a duration",
      "RouteConfiguration r: virtual_host vh route[0] max_stream_duration grpc_timeout_header_offset {seconds: 1, nanos: 2000000000} is not a valid duration",
    ]);
  });

  it("notes an offset that cannot take effect without grpc_timeout_header_max", () => {
    const converted = convert({ max_stream_duration: { grpc_timeout_header_offset: { seconds: "1" } } });
    expect(converted.errors).toEqual([]);
    expect(converted.notes).toContain(
      "RouteConfiguration r: virtual_host vh route[0] max_stream_duration grpc_timeout_header_offset has no effect without grpc_timeout_header_max",
    );
  });
});
