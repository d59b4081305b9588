"use client";

import { withKey } from "@/lib/console/policyDraft";
import { type RetryCondition, type RetryPolicy, retryConditionSchema } from "@/lib/mesh/schema";
import { Issues, NumberField, OptionalSection, TextField } from "./fields";

const CONDITIONS = retryConditionSchema.options;

/** Retries: attempts, per-try timeout, conditions, backoff. */
export function RetryEditor({
  retry,
  path,
  onChange,
}: {
  retry: RetryPolicy | undefined;
  path: string;
  onChange: (retry: RetryPolicy | undefined) => void;
}) {
  return (
    <OptionalSection
      title="Retries"
      present={retry !== undefined}
      onAdd={() => onChange({ attempts: 2, retryOn: ["5xx", "reset", "connect-failure"] })}
      onRemove={() => onChange(undefined)}
    >
      {retry && (
        <>
          <div className="row">
            <NumberField
              label="Attempts"
              path={`${path}.attempts`}
              value={retry.attempts}
              min={1}
              max={10}
              onChange={(v) => onChange({ ...retry, attempts: v ?? 1 })}
            />
            <TextField
              label="Per-try timeout"
              path={`${path}.perTryTimeout`}
              value={retry.perTryTimeout}
              placeholder="500ms"
              onChange={(v) => onChange(withKey(retry, "perTryTimeout", v))}
            />
            <TextField
              label="Backoff base"
              path={`${path}.backoff.baseInterval`}
              value={retry.backoff?.baseInterval}
              placeholder="25ms"
              onChange={(v) =>
                onChange(withKey(retry, "backoff", v ? { ...retry.backoff, baseInterval: v } : undefined))
              }
            />
            {retry.backoff && (
              <TextField
                label="Backoff max"
                path={`${path}.backoff.maxInterval`}
                value={retry.backoff.maxInterval}
                placeholder="250ms"
                onChange={(v) =>
                  retry.backoff && onChange({ ...retry, backoff: withKey(retry.backoff, "maxInterval", v) })
                }
              />
            )}
          </div>
          <fieldset className="conditions">
            <legend>Retry on</legend>
            {CONDITIONS.map((condition: RetryCondition) => (
              <label key={condition} className="inline">
                <input
                  type="checkbox"
                  checked={retry.retryOn.includes(condition)}
                  onChange={(event) =>
                    onChange({
                      ...retry,
                      retryOn: event.target.checked
                        ? [...retry.retryOn, condition]
                        : retry.retryOn.filter((c) => c !== condition),
                    })
                  }
                />
                {condition}
              </label>
            ))}
          </fieldset>
          <Issues path={path} />
          <Issues path={`${path}.retryOn`} />
        </>
      )}
    </OptionalSection>
  );
}
