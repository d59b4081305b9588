import { describe, expect, it } from "vitest";
import { messageType } from "@/lib/xds/protos";
import { envoyAnyDecoder } from "../xds/wire/any-decoder";
import { convertResources } from "./from-xds";

// A wrapper (UInt32Value, BoolValue) or a type.v3.Percent set to its type's default is an empty message on
// the wire, so the sidecar's decoder gives `{}`: it means 0 or false, never "unset, use Envoy's default".
// Encoded with the control plane's protobufjs types, decoded by the sidecar, as in production.
const CLUSTER_URL = "type.googleapis.com/envoy.config.cluster.v3.Cluster";

function overTheWire(cluster: Record<string, unknown>): unknown {
  const type = messageType("envoy.config.cluster.v3.Cluster");
  return envoyAnyDecoder(CLUSTER_URL, type.encode(type.fromObject(cluster)).finish());
}

describe("zero-valued wrappers from the wire", () => {
  it("keeps 0 and false instead of falling back to the defaults", () => {
    const decoded = overTheWire({
      name: "c",
      type: "EDS",
      connect_timeout: { seconds: 1 },
      common_lb_config: { healthy_panic_threshold: { value: 0 } },
      circuit_breakers: { thresholds: [{ max_retries: { value: 0 } }] },
      outlier_detection: { max_ejection_percent: { value: 0 } },
      health_checks: [
        {
          timeout: { seconds: 1 },
          interval: { seconds: 1 },
          unhealthy_threshold: { value: 1 },
          healthy_threshold: { value: 1 },
          reuse_connection: { value: false },
          tcp_health_check: {},
        },
      ],
    });
    const converted = convertResources("Cluster", [decoded]);
    expect(converted.errors).toEqual([]);
    const cluster = converted.resources.get("c");
    expect(cluster?.panicThresholdPercent).toBe(0);
    expect(cluster?.circuitBreakers.maxRetries).toBe(0);
    expect(cluster?.outlierDetection?.maxEjectionPercent).toBe(0);
    expect(cluster?.healthChecks[0]?.reuseConnection).toBe(false);
  });

  it("still uses the defaults when the fields are absent", () => {
    const decoded = overTheWire({
      name: "c",
      type: "EDS",
      connect_timeout: { seconds: 1 },
      outlier_detection: {},
    });
    const cluster = convertResources("Cluster", [decoded]).resources.get("c");
    expect(cluster?.panicThresholdPercent).toBe(50);
    expect(cluster?.circuitBreakers.maxRetries).toBe(3);
    expect(cluster?.outlierDetection?.maxEjectionPercent).toBe(10);
  });
});
