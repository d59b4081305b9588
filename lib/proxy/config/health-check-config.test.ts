import { describe, expect, it } from "vitest";
import { convertResources } from "./from-xds";

const TIMING = {
  timeout: { seconds: "1" },
  interval: { seconds: "2" },
  unhealthy_threshold: { value: 2 },
  healthy_threshold: { value: 1 },
};

function healthCheck(check: Record<string, unknown>) {
  const converted = convertResources("Cluster", [
    { name: "c", type: "EDS", connect_timeout: { seconds: "1" }, health_checks: [{ ...TIMING, ...check }] },
  ]);
  return {
    config: converted.resources.get("c")?.healthChecks[0],
    errors: converted.errors.map((e) => e.message),
    notes: converted.notes,
  };
}

describe("health check conversion", () => {
  it("reuses the check's connection unless reuse_connection is false", () => {
    expect(healthCheck({ tcp_health_check: {} }).config?.reuseConnection).toBe(true);
    expect(
      healthCheck({ tcp_health_check: {}, reuse_connection: { value: false } }).config?.reuseConnection,
    ).toBe(false);
  });

  it("reads a TCP check's payloads from hex text and from binary", () => {
    const { config, errors, notes } = healthCheck({
      tcp_health_check: {
        send: { text: "50494e470d0a" },
        receive: [{ text: "2B" }, { binary: Buffer.from("PONG").toString("base64") }],
      },
    });
    expect(errors).toEqual([]);
    expect(notes).toEqual([]);
    expect(config?.check).toEqual({
      kind: "tcp",
      send: Buffer.from("PING\r\n"),
      receive: [Buffer.from("+"), Buffer.from("PONG")],
    });
  });

  it("treats a TCP check without payloads as connect-only", () => {
    expect(healthCheck({ tcp_health_check: {} }).config?.check).toEqual({ kind: "tcp", receive: [] });
  });

  it("refuses payloads that are not hex, empty or too large, saying which", () => {
    const { config, errors } = healthCheck({
      tcp_health_check: {
        send: { text: "PING" },
        receive: [{ text: "0" }, {}, { binary: Buffer.alloc(70_000).toString("base64") }],
      },
    });
    expect(config).toBeUndefined();
    expect(errors).toEqual([
      "Cluster c: health_checks[0] tcp_health_check send text 'PING' is not hex-encoded bytes (pairs of 0-9, a-f)",
      "Cluster c: health_checks[0] tcp_health_check receive[0] text '0' is not hex-encoded bytes (pairs of 0-9, a-f)",
      "Cluster c: health_checks[0] tcp_health_check receive[1] has neither text nor binary",
      "Cluster c: health_checks[0] tcp_health_check receive[2] is 70000 bytes, more than the 65536 allowed",
    ]);
  });
});
