import { describe, expect, it } from "vitest";
import type { RouteRule } from "../schema";
import { config } from "./testing";
import { validateMeshConfig } from "./validateMeshConfig";

// validateMeshConfig: durations, rule order and expiry, and destination policies (names, weights,
// references and regexes are in validateMeshConfig.test.ts).

describe("validateMeshConfig", () => {
  describe("durations", () => {
    it("checks each field's range and relations", () => {
      const rule: RouteRule = {
        destinations: [{ service: "reviews" }],
        timeout: "2h",
        retry: {
          attempts: 2,
          retryOn: ["5xx"],
          perTryTimeout: "0s",
          backoff: { baseInterval: "100ms", maxInterval: "50ms" },
        },
        fault: { delay: { percentage: 10, duration: "90m" } },
      };
      const result = validateMeshConfig(
        config(
          [rule],
          [
            {
              name: "cart",
              policy: {
                healthCheck: {
                  path: "/h",
                  interval: "1s",
                  timeout: "2s",
                  healthyThreshold: 1,
                  unhealthyThreshold: 1,
                },
                localRateLimit: { tokensPerFill: 10, fillInterval: "10ms", maxTokens: 10 },
                outlierDetection: { interval: "1ms" },
              },
            },
          ],
        ),
      );
      expect(result.errors).toEqual([
        { path: "services[2].routes[0].timeout", message: "must be between 1ms and 1h (got 2h)" },
        { path: "services[2].routes[0].retry.perTryTimeout", message: "must be between 1ms and 1h (got 0s)" },
        {
          path: "services[2].routes[0].retry.backoff.maxInterval",
          message: "must not be shorter than baseInterval (100ms)",
        },
        {
          path: "services[2].routes[0].fault.delay.duration",
          message: "must be between 1ms and 1h (got 90m)",
        },
        {
          path: "services[3].policy.outlierDetection.interval",
          message: "must be between 10ms and 1h (got 1ms)",
        },
        {
          path: "services[3].policy.healthCheck.timeout",
          message: "must not be longer than the interval (1s)",
        },
        {
          path: "services[3].policy.localRateLimit.fillInterval",
          message: "must be between 50ms and 1h (got 10ms)",
        },
      ]);
    });

    it("warns when a try may outlast the whole rule", () => {
      const rule: RouteRule = {
        destinations: [{ service: "reviews" }],
        timeout: "1s",
        retry: { attempts: 2, retryOn: ["5xx"], perTryTimeout: "2s" },
      };
      expect(validateMeshConfig(config([rule])).warnings).toEqual([
        {
          path: "services[2].routes[0].retry.perTryTimeout",
          message: "longer than the rule timeout (1s), which caps all tries together",
        },
      ]);
    });
  });

  describe("rules", () => {
    const to = [{ service: "reviews" }];

    it("warns that rules after a catch-all are unreachable", () => {
      const rules: RouteRule[] = [
        { match: { method: "GET" }, destinations: to },
        { match: { path: { prefix: "/" } }, destinations: to },
        { match: { method: "POST" }, destinations: to },
        { match: { method: "PUT" }, destinations: to },
      ];
      expect(validateMeshConfig(config(rules)).warnings).toEqual([
        {
          path: "services[2].routes[1]",
          message: "rule 1 matches every request; rules 2..3 are unreachable",
        },
      ]);
    });

    it("words a single unreachable rule in the singular", () => {
      const rules: RouteRule[] = [{ destinations: to }, { match: { method: "POST" }, destinations: to }];
      expect(validateMeshConfig(config(rules)).warnings).toEqual([
        { path: "services[2].routes[0]", message: "rule 0 matches every request; rule 1 is unreachable" },
      ]);
    });

    it("warns about a rule repeating an earlier match, whatever the key order", () => {
      const rules: RouteRule[] = [
        { match: { method: "GET", path: { prefix: "/a" } }, destinations: to },
        { match: { path: { prefix: "/a" }, method: "GET" }, destinations: to },
      ];
      expect(validateMeshConfig(config(rules)).warnings).toEqual([
        { path: "services[2].routes[1].match", message: "same match as rule 0, so this rule is unreachable" },
      ]);
    });

    it("checks that retry status codes and their condition go together", () => {
      const rules: RouteRule[] = [
        {
          destinations: to,
          retry: { attempts: 1, retryOn: ["retriable-status-codes"] },
          match: { method: "GET" },
        },
        { destinations: to, retry: { attempts: 1, retryOn: ["5xx"], retriableStatusCodes: [503] } },
      ];
      expect(validateMeshConfig(config(rules)).errors).toEqual([
        {
          path: "services[2].routes[0].retry.retriableStatusCodes",
          message: 'required when retryOn includes "retriable-status-codes"',
        },
        {
          path: "services[2].routes[1].retry.retryOn",
          message: 'add "retriable-status-codes" to retry on retriableStatusCodes',
        },
      ]);
    });

    it("warns about expired faults only when given the time", () => {
      const rules: RouteRule[] = [
        {
          destinations: to,
          fault: { abort: { percentage: 50, grpcStatus: 14 }, expiresAt: "2025-01-01T00:00:00Z" },
        },
      ];
      expect(validateMeshConfig(config(rules)).warnings).toEqual([]);
      expect(validateMeshConfig(config(rules), { now: new Date("2025-01-01T00:00:01Z") }).warnings).toEqual([
        {
          path: "services[2].routes[0].fault.expiresAt",
          message: "expired at 2025-01-01T00:00:00Z; the fault is no longer applied",
        },
      ]);
    });
  });

  describe("policies", () => {
    it("checks ring sizes, hash keys and token buckets", () => {
      const result = validateMeshConfig({
        services: [
          {
            name: "pricing",
            policy: {
              loadBalancer: { type: "ring_hash", minRingSize: 4096, maxRingSize: 1024 },
              localRateLimit: { tokensPerFill: 50, fillInterval: "1s", maxTokens: 10 },
            },
          },
        ],
      });
      expect(result).toEqual({
        ok: false,
        errors: [
          {
            path: "services[0].policy.loadBalancer.minRingSize",
            message: "must not exceed maxRingSize (1024)",
          },
        ],
        warnings: [
          {
            path: "services[0].policy.loadBalancer",
            message: "ring_hash without hashOn hashes every request randomly, so there is no affinity",
          },
          {
            path: "services[0].policy.localRateLimit.tokensPerFill",
            message: "above maxTokens (10); the bucket never holds more than maxTokens",
          },
        ],
      });
    });
  });
});
