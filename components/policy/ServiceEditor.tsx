"use client";

import {
  addRule,
  removeRule,
  servicePath,
  updateRule,
  updateService,
  withKey,
} from "@/lib/console/policyDraft";
import type { MeshConfig, Service } from "@/lib/mesh/schema";
import { DestinationPolicyEditor } from "./DestinationPolicyEditor";
import { Issues } from "./fields";
import { RuleEditor } from "./RuleEditor";

/** Everything about one service an admin can edit in forms: its rules and its destination policy. */
export function ServiceEditor({
  config,
  service,
  onChange,
}: {
  config: MeshConfig;
  service: Service;
  onChange: (config: MeshConfig) => void;
}) {
  const path = servicePath(config, service.name);
  const targets = config.services.flatMap((s) => [
    { service: s.name },
    ...(s.subsets ?? []).map((subset) => ({ service: s.name, subset: subset.name })),
  ]);
  return (
    <div className="stack">
      <Issues path={path} />
      <p className="muted">
        Subsets:{" "}
        {(service.subsets ?? [])
          .map(
            (subset) =>
              `${subset.name} (${Object.entries(subset.labels)
                .map(([k, v]) => `${k}=${v}`)
                .join(", ")})`,
          )
          .join("; ") || "none"}{" "}
        · edit subsets, endpoints and header changes in the YAML view.
      </p>
      <h2>Routes</h2>
      {(service.routes ?? []).length === 0 && (
        <p className="muted">No rules: all traffic to {service.name} goes to every instance.</p>
      )}
      {(service.routes ?? []).map((rule, index) => (
        <RuleEditor
          key={rule.name ?? index}
          rule={rule}
          index={index}
          path={`${path}.routes[${index}]`}
          targets={targets}
          onChange={(next) => onChange(updateRule(config, service.name, index, () => next))}
          onRemove={() => onChange(removeRule(config, service.name, index))}
        />
      ))}
      <Issues path={`${path}.routes`} />
      <div>
        <button type="button" className="secondary" onClick={() => onChange(addRule(config, service.name))}>
          + rule
        </button>
      </div>
      <h2>Destination policy</h2>
      <DestinationPolicyEditor
        policy={service.policy ?? {}}
        path={`${path}.policy`}
        onChange={(policy) =>
          onChange(
            updateService(config, service.name, (s) =>
              withKey(s, "policy", Object.keys(policy).length > 0 ? policy : undefined),
            ),
          )
        }
      />
    </div>
  );
}
