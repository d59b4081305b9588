"use client";

import { stringify } from "yaml";
import { describeFault } from "@/lib/console/activeFaults";
import { ruleWeights } from "@/lib/console/policyDraft";
import { destinationKey } from "@/lib/mesh/rules";
import type { Service } from "@/lib/mesh/schema";

/** A service's policy for readers (viewers and operators): rules with their splits, then the policy as YAML. */
export function ServiceReadOnly({ service }: { service: Service }) {
  return (
    <div className="stack">
      <h2>Routes</h2>
      {(service.routes ?? []).length === 0 && (
        <p className="muted">No rules: all traffic goes to every instance.</p>
      )}
      {(service.routes ?? []).map((rule, index) => {
        const weights = ruleWeights(rule);
        return (
          <section key={rule.name ?? index} className="rule panel" aria-label={`Rule ${rule.name ?? index}`}>
            <h3>
              {index + 1}. {rule.name ?? `rule ${index}`}
            </h3>
            <p className="muted">{rule.match ? `match ${JSON.stringify(rule.match)}` : "every request"}</p>
            <ul className="split-bars">
              {rule.destinations.map((destination, i) => (
                <li key={destinationKey(destination)}>
                  <span className="weight-name">{destinationKey(destination)}</span>
                  <span className="bar" style={{ width: `${weights[i] ?? 0}%` }} />
                  <span>{weights[i] ?? 0}%</span>
                </li>
              ))}
            </ul>
            {rule.timeout && <p>Timeout {rule.timeout}</p>}
            {rule.retry && (
              <p>
                Retries: {rule.retry.attempts} on {rule.retry.retryOn.join(", ")}
              </p>
            )}
            {rule.fault && (
              <p className="warn">
                Fault: {describeFault(rule.fault)}
                {rule.fault.expiresAt ? ` until ${new Date(rule.fault.expiresAt).toLocaleString()}` : ""}
              </p>
            )}
          </section>
        );
      })}
      {service.policy && (
        <>
          <h2>Destination policy</h2>
          <pre className="panel yaml">{stringify(service.policy, { lineWidth: 0 })}</pre>
        </>
      )}
    </div>
  );
}
