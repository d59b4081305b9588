"use client";

import { useState } from "react";
import { formatRate } from "@/lib/console/format";
import type { ChangeMarker } from "@/lib/console/markers";
import {
  type ConfiguredRule,
  MAX_SPLIT_ROUTES,
  type RouteChoice,
  routeChoices,
  toggleRoute,
} from "@/lib/console/routeChoices";
import type { RangeKey } from "../queries/telemetry";
import styles from "./routeSplit.module.css";
import { SplitCharts } from "./SplitCharts";

interface Props {
  service: string;
  /** The service's route rules from the mesh config. */
  rules: readonly ConfiguredRule[];
  /** http.route values seen in the range with their requests; undefined while loading. */
  observed: readonly { value: string; requests: number }[] | undefined;
  selected: string[];
  onChange: (routes: string[]) => void;
  range: RangeKey;
  rangeSeconds: number;
  refetchInterval: number | false;
  markers: ChangeMarker[];
}

/** "By route": tick configured or observed routes (or type one) to chart them side by side. */
export function RouteSplit({
  service,
  rules,
  observed,
  selected,
  onChange,
  range,
  rangeSeconds,
  refetchInterval,
  markers,
}: Props) {
  const choices = routeChoices(rules, observed ?? [], selected);
  const full = selected.length >= MAX_SPLIT_ROUTES;
  return (
    <>
      <fieldset className={styles.picker} aria-label="Routes to compare">
        {observed === undefined && <p className="muted">Loading the routes seen in this range…</p>}
        {observed !== undefined && choices.length === 0 && (
          <p className="muted">
            No routes: no request in this range carried http.route and the service has no path rules. Type one
            below.
          </p>
        )}
        <ul className={styles.choices}>
          {choices.map((choice) => (
            <li key={choice.value}>
              <label className="inline">
                <input
                  type="checkbox"
                  checked={choice.selected}
                  disabled={!choice.selected && full}
                  onChange={(event) => onChange(toggleRoute(selected, choice.value, event.target.checked))}
                />
                <code>{choice.value}</code>
                <span className="muted">{describe(choice, rangeSeconds)}</span>
              </label>
            </li>
          ))}
        </ul>
        {full && <p className="muted">At most {MAX_SPLIT_ROUTES} routes at once.</p>}
        <AddRoute disabled={full} onAdd={(route) => onChange(toggleRoute(selected, route, true))} />
      </fieldset>
      <SplitCharts
        service={service}
        by="route"
        values={selected}
        range={range}
        refetchInterval={refetchInterval}
        markers={markers}
      />
    </>
  );
}

function describe(choice: RouteChoice, rangeSeconds: number): string {
  const parts: string[] = [];
  if (choice.rules.length > 0)
    parts.push(`${choice.rules.length > 1 ? "rules" : "rule"} ${choice.rules.join(", ")}`);
  parts.push(
    choice.requests > 0 ? formatRate(choice.requests / Math.max(rangeSeconds, 1)) : "no requests in range",
  );
  return ` · ${parts.join(" · ")}`;
}

/** A route that is in neither list (e.g. one that had no requests in the range). */
function AddRoute({ disabled, onAdd }: { disabled: boolean; onAdd: (route: string) => void }) {
  const [text, setText] = useState("");
  return (
    <form
      className="row"
      onSubmit={(event) => {
        event.preventDefault();
        const route = text.trim();
        if (route === "" || route.includes(",")) return;
        onAdd(route);
        setText("");
      }}
    >
      <input
        aria-label="Another route"
        placeholder="/api/orders/*"
        value={text}
        onChange={(event) => setText(event.target.value)}
        disabled={disabled}
      />
      <button type="submit" className="secondary" disabled={disabled || text.trim() === ""}>
        Add route
      </button>
    </form>
  );
}
