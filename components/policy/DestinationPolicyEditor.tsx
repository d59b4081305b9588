"use client";

import { withKey } from "@/lib/console/policyDraft";
import type { DestinationPolicy, LoadBalancer } from "@/lib/mesh/schema";
import { Issues, NumberField, OptionalSection, TextField } from "./fields";

const LB_TYPES: LoadBalancer["type"][] = ["round_robin", "least_request", "random", "ring_hash", "maglev"];

/** Load balancing, circuit breakers, outlier detection, active health checks and a local rate limit. */
export function DestinationPolicyEditor({
  policy,
  path,
  onChange,
}: {
  policy: DestinationPolicy;
  path: string;
  onChange: (policy: DestinationPolicy) => void;
}) {
  const set = <K extends keyof DestinationPolicy>(key: K, value: DestinationPolicy[K] | undefined) =>
    onChange(withKey(policy, key, value));
  const lb = policy.loadBalancer;
  const cb = policy.circuitBreakers;
  const od = policy.outlierDetection;
  const hc = policy.healthCheck;
  const rl = policy.localRateLimit;
  return (
    <div className="policy-sections">
      <OptionalSection
        title="Load balancing"
        present={lb !== undefined}
        onAdd={() => set("loadBalancer", { type: "round_robin" })}
        onRemove={() => set("loadBalancer", undefined)}
      >
        {lb && (
          <div className="row">
            <div className="field">
              <label>
                Policy
                <select
                  aria-label="Load balancing policy"
                  value={lb.type}
                  onChange={(event) => {
                    const type = event.target.value as LoadBalancer["type"];
                    set(
                      "loadBalancer",
                      type === "ring_hash" || type === "maglev"
                        ? { type, hashOn: lb.hashOn ?? { header: "x-user-id" } }
                        : { type },
                    );
                  }}
                >
                  {LB_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {type}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {(lb.type === "ring_hash" || lb.type === "maglev") && (
              <TextField
                label="Hash on header"
                path={`${path}.loadBalancer.hashOn.header`}
                value={lb.hashOn?.header}
                placeholder="x-user-id"
                onChange={(header) =>
                  set("loadBalancer", withKey(lb, "hashOn", header ? { header } : { sourceIp: true }))
                }
              />
            )}
            <Issues path={`${path}.loadBalancer`} below />
          </div>
        )}
      </OptionalSection>
      <OptionalSection
        title="Circuit breakers"
        present={cb !== undefined}
        onAdd={() =>
          set("circuitBreakers", { maxConnections: 100, maxPendingRequests: 100, maxRequests: 1000 })
        }
        onRemove={() => set("circuitBreakers", undefined)}
      >
        {cb && (
          <div className="row">
            {(["maxConnections", "maxPendingRequests", "maxRequests", "maxRetries"] as const).map((key) => (
              <NumberField
                key={key}
                label={key}
                path={`${path}.circuitBreakers.${key}`}
                value={cb[key]}
                min={1}
                onChange={(v) => set("circuitBreakers", withKey(cb, key, v))}
              />
            ))}
          </div>
        )}
      </OptionalSection>
      <OptionalSection
        title="Outlier detection"
        present={od !== undefined}
        onAdd={() =>
          set("outlierDetection", {
            consecutive5xx: 5,
            interval: "10s",
            baseEjectionTime: "30s",
            maxEjectionPercent: 50,
          })
        }
        onRemove={() => set("outlierDetection", undefined)}
      >
        {od && (
          <div className="row">
            <NumberField
              label="consecutive 5xx"
              path={`${path}.outlierDetection.consecutive5xx`}
              value={od.consecutive5xx}
              min={1}
              onChange={(v) => set("outlierDetection", withKey(od, "consecutive5xx", v))}
            />
            <NumberField
              label="consecutive gateway errors"
              path={`${path}.outlierDetection.consecutiveGatewayErrors`}
              value={od.consecutiveGatewayErrors}
              min={1}
              onChange={(v) => set("outlierDetection", withKey(od, "consecutiveGatewayErrors", v))}
            />
            <TextField
              label="interval"
              path={`${path}.outlierDetection.interval`}
              value={od.interval}
              placeholder="10s"
              onChange={(v) => set("outlierDetection", withKey(od, "interval", v))}
            />
            <TextField
              label="base ejection time"
              path={`${path}.outlierDetection.baseEjectionTime`}
              value={od.baseEjectionTime}
              placeholder="30s"
              onChange={(v) => set("outlierDetection", withKey(od, "baseEjectionTime", v))}
            />
            <NumberField
              label="max ejection %"
              path={`${path}.outlierDetection.maxEjectionPercent`}
              value={od.maxEjectionPercent}
              min={0}
              max={100}
              onChange={(v) => set("outlierDetection", withKey(od, "maxEjectionPercent", v))}
            />
          </div>
        )}
      </OptionalSection>
      <OptionalSection
        title="Active health check"
        present={hc !== undefined}
        onAdd={() =>
          set("healthCheck", {
            path: "/healthz",
            interval: "10s",
            timeout: "1s",
            healthyThreshold: 2,
            unhealthyThreshold: 3,
          })
        }
        onRemove={() => set("healthCheck", undefined)}
      >
        {hc && (
          <div className="row">
            <TextField
              label="path"
              path={`${path}.healthCheck.path`}
              value={hc.path}
              onChange={(v) => set("healthCheck", { ...hc, path: v ?? "" })}
            />
            <TextField
              label="interval"
              path={`${path}.healthCheck.interval`}
              value={hc.interval}
              onChange={(v) => set("healthCheck", { ...hc, interval: v ?? "" })}
            />
            <TextField
              label="timeout"
              path={`${path}.healthCheck.timeout`}
              value={hc.timeout}
              onChange={(v) => set("healthCheck", { ...hc, timeout: v ?? "" })}
            />
            <NumberField
              label="healthy after"
              path={`${path}.healthCheck.healthyThreshold`}
              value={hc.healthyThreshold}
              min={1}
              onChange={(v) => set("healthCheck", { ...hc, healthyThreshold: v ?? 1 })}
            />
            <NumberField
              label="unhealthy after"
              path={`${path}.healthCheck.unhealthyThreshold`}
              value={hc.unhealthyThreshold}
              min={1}
              onChange={(v) => set("healthCheck", { ...hc, unhealthyThreshold: v ?? 1 })}
            />
          </div>
        )}
      </OptionalSection>
      <OptionalSection
        title="Rate limit (token bucket)"
        present={rl !== undefined}
        onAdd={() => set("localRateLimit", { tokensPerFill: 100, fillInterval: "1s", maxTokens: 200 })}
        onRemove={() => set("localRateLimit", undefined)}
      >
        {rl && (
          <div className="row">
            <NumberField
              label="tokens per fill"
              path={`${path}.localRateLimit.tokensPerFill`}
              value={rl.tokensPerFill}
              min={1}
              onChange={(v) => set("localRateLimit", { ...rl, tokensPerFill: v ?? 1 })}
            />
            <TextField
              label="fill interval"
              path={`${path}.localRateLimit.fillInterval`}
              value={rl.fillInterval}
              onChange={(v) => set("localRateLimit", { ...rl, fillInterval: v ?? "" })}
            />
            <NumberField
              label="max tokens"
              path={`${path}.localRateLimit.maxTokens`}
              value={rl.maxTokens}
              min={1}
              onChange={(v) => set("localRateLimit", { ...rl, maxTokens: v ?? 1 })}
            />
          </div>
        )}
      </OptionalSection>
    </div>
  );
}
