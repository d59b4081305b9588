"use client";

import { ruleWeights, withKey, withWeights } from "@/lib/console/policyDraft";
import type { RouteRule } from "@/lib/mesh/schema";
import { FaultEditor } from "./FaultEditor";
import { Issues, TextField } from "./fields";
import { MatchEditor } from "./MatchEditor";
import { RetryEditor } from "./RetryEditor";
import { WeightSliders } from "./WeightSliders";

interface Props {
  rule: RouteRule;
  index: number;
  path: string;
  targets: { service: string; subset?: string }[];
  onChange: (rule: RouteRule) => void;
  onRemove: () => void;
}

/** One routing rule: its match, weighted destinations, timeout, retries and fault. */
export function RuleEditor({ rule, index, path, targets, onChange, onRemove }: Props) {
  const title = rule.name ?? `rule ${index}`;
  return (
    <section className="rule panel" aria-label={`Rule ${title}`}>
      <div className="row">
        <h3>
          {index + 1}. {title}
        </h3>
        <TextField
          label="Name"
          path={`${path}.name`}
          value={rule.name}
          placeholder="(unnamed)"
          onChange={(name) => onChange(withKey(rule, "name", name))}
        />
        <div className="spacer" />
        <button type="button" className="secondary" onClick={onRemove}>
          Remove rule
        </button>
      </div>
      <MatchEditor
        match={rule.match}
        path={`${path}.match`}
        onChange={(match) => onChange(withKey(rule, "match", match))}
      />
      <fieldset className="section">
        <legend>Traffic split</legend>
        <WeightSliders
          destinations={rule.destinations}
          weights={ruleWeights(rule)}
          path={`${path}.destinations`}
          targets={targets}
          onChange={(destinations, weights) => onChange(withWeights({ ...rule, destinations }, weights))}
        />
      </fieldset>
      <div className="row">
        <TextField
          label="Timeout"
          path={`${path}.timeout`}
          value={rule.timeout}
          placeholder="e.g. 2s"
          onChange={(timeout) => onChange(withKey(rule, "timeout", timeout))}
        />
        {rule.mirror && (
          <p className="muted">
            Mirrors {rule.mirror.percentage}% to {rule.mirror.service}
            {rule.mirror.subset ? `|${rule.mirror.subset}` : ""} (edit in YAML)
          </p>
        )}
      </div>
      <RetryEditor
        retry={rule.retry}
        path={`${path}.retry`}
        onChange={(retry) => onChange(withKey(rule, "retry", retry))}
      />
      <FaultEditor
        fault={rule.fault}
        path={`${path}.fault`}
        onChange={(fault) => onChange(withKey(rule, "fault", fault))}
      />
      <Issues path={path} />
    </section>
  );
}
