"use client";

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ChangeMarker } from "@/lib/console/markers";
import type { ChartRow } from "@/lib/console/series";
import { colourAt, MARKER_COLOUR, timeTick, timeTicks, yTop } from "./palette";

export interface ChartSeries {
  key: string;
  label: string;
}

export interface TimeSeriesChartProps {
  title: string;
  rows: ChartRow[];
  series: ChartSeries[];
  fromMs: number;
  toMs: number;
  format: (value: number) => string;
  /** The smallest top of the y axis (so an all-zero chart still has sensible ticks). */
  yFloor?: number;
  /** Config revisions in the range, drawn as vertical lines and listed as links to their diffs. */
  markers?: ChangeMarker[];
  height?: number;
}

/** A time chart with the range's config changes marked on it. */
export function TimeSeriesChart({
  title,
  rows,
  series,
  fromMs,
  toMs,
  format,
  markers = [],
  height = 200,
  yFloor = 1,
}: TimeSeriesChartProps) {
  const span = toMs - fromMs;
  // Steps without requests carry a zero rate and null ratios; a chart of only those has nothing to show.
  const empty = rows.every((row) => series.every((s) => !row[s.key]));
  return (
    <figure className="chart panel" aria-label={title}>
      <figcaption>{title}</figcaption>
      <div style={{ height }} data-testid={`chart-${title}`} data-points={rows.length} data-empty={empty}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 16, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[fromMs, toMs]}
              ticks={timeTicks(fromMs, toMs)}
              tickFormatter={(value: number) => timeTick(value, span)}
              stroke="var(--muted)"
              fontSize={11}
            />
            <YAxis
              tickFormatter={format}
              domain={[0, yTop(yFloor)]}
              width={64}
              stroke="var(--muted)"
              fontSize={11}
            />
            <Tooltip
              labelFormatter={(value) => new Date(Number(value)).toLocaleString()}
              formatter={(value) => (typeof value === "number" ? format(value) : String(value))}
              contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
            />
            {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
            {series.map((s, index) => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={colourAt(index)}
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
                strokeWidth={1.6}
              />
            ))}
            {markers.map((marker) => (
              <ReferenceLine
                key={marker.revision}
                x={marker.atMs}
                stroke={MARKER_COLOUR}
                strokeDasharray="4 2"
                label={{
                  value: `r${marker.revision}`,
                  position: "insideTopLeft",
                  fill: MARKER_COLOUR,
                  fontSize: 11,
                }}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      {empty && <p className="muted chart-empty">No requests in this range.</p>}
      {markers.length > 0 && <MarkerLinks markers={markers} />}
    </figure>
  );
}

export function MarkerLinks({ markers }: { markers: ChangeMarker[] }) {
  return (
    <ul className="markers" aria-label="Config changes in this range">
      {markers.map((marker) => (
        <li key={marker.revision}>
          <a href={marker.href} title={marker.label}>
            r{marker.revision}
          </a>{" "}
          <span className="muted">
            {new Date(marker.atMs).toLocaleTimeString()} · {marker.label.replace(/^r\d+ /, "")}
          </span>
        </li>
      ))}
    </ul>
  );
}
