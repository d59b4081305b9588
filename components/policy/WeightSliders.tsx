"use client";

import { useState } from "react";
import { evenWeights, removeWeight, setWeight, sumWeights, weightsProblem } from "@/lib/console/weights";
import { destinationKey } from "@/lib/mesh/rules";
import type { Destination } from "@/lib/mesh/schema";
import { Issues } from "./fields";

interface Props {
  destinations: Destination[];
  weights: number[];
  path: string;
  /** Subsets of the services a destination may point at, for the "add destination" menu. */
  targets: { service: string; subset?: string }[];
  onChange: (destinations: Destination[], weights: number[]) => void;
}

/** One slider and one number per destination; moving one re-balances the unlocked others so the sum stays 100. */
export function WeightSliders({ destinations, weights, path, targets, onChange }: Props) {
  const [locked, setLocked] = useState<Set<string>>(new Set());
  const keys = destinations.map(destinationKey);
  const entries = weights.map((weight, index) => ({ weight, locked: locked.has(keys[index] ?? "") }));
  const problem = weightsProblem(weights);
  const unused = targets.filter((target) => !keys.includes(destinationKey(target)));

  const move = (index: number, value: number) => onChange(destinations, setWeight(entries, index, value));

  return (
    <div className="weights">
      {destinations.map((_destination, index) => {
        const key = keys[index] ?? String(index);
        return (
          <div className="weight-row" key={key}>
            <span className="weight-name">{key}</span>
            <input
              type="range"
              min={0}
              max={100}
              step={1}
              value={weights[index] ?? 0}
              aria-label={`Weight of ${key}`}
              disabled={destinations.length === 1}
              onChange={(event) => move(index, Number(event.target.value))}
            />
            <input
              type="number"
              min={0}
              max={100}
              value={weights[index] ?? 0}
              aria-label={`Weight of ${key} in percent`}
              disabled={destinations.length === 1}
              onChange={(event) => move(index, Number(event.target.value))}
              style={{ width: 64 }}
            />
            <label className="inline muted" title="A locked weight stays put when another slider moves">
              <input
                type="checkbox"
                checked={locked.has(key)}
                onChange={(event) => {
                  const next = new Set(locked);
                  if (event.target.checked) next.add(key);
                  else next.delete(key);
                  setLocked(next);
                }}
              />
              lock
            </label>
            {destinations.length > 1 && (
              <button
                type="button"
                className="secondary"
                aria-label={`Remove destination ${key}`}
                onClick={() =>
                  onChange(
                    destinations.filter((_, i) => i !== index),
                    removeWeight(weights, index),
                  )
                }
              >
                ✕
              </button>
            )}
            <Issues path={`${path}[${index}]`} below />
          </div>
        );
      })}
      <div className="row">
        <span className={problem ? "error" : "muted"} role={problem ? "alert" : undefined}>
          Sum: {sumWeights(weights)}%{problem ? ` — ${problem}` : ""}
        </span>
        {destinations.length > 1 && (
          <button
            type="button"
            className="secondary"
            onClick={() => onChange(destinations, evenWeights(destinations.length))}
          >
            Split evenly
          </button>
        )}
        {unused.length > 0 && (
          <select
            aria-label="Add destination"
            value=""
            onChange={(event) => {
              const target = unused.find((t) => destinationKey(t) === event.target.value);
              if (target) onChange([...destinations, { ...target }], [...weights, 0]);
            }}
          >
            <option value="">+ destination…</option>
            {unused.map((target) => (
              <option key={destinationKey(target)} value={destinationKey(target)}>
                {destinationKey(target)}
              </option>
            ))}
          </select>
        )}
      </div>
      <Issues path={path} />
    </div>
  );
}
