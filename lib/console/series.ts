/**
 * Chart rows from the series API: one row per step with one column per series, so several series
 * (per version, per route, or p50/p90/p99) share one x axis. Missing values stay null (a gap, not a zero).
 */

export interface SeriesPointLike {
  /** Start of the step, RFC 3339. */
  time: string;
  requests: number;
  rate: number;
  errorRate: number | null;
  latencyMs: { p50: number | null; p90: number | null; p99: number | null };
}

export type ChartRow = { t: number } & Record<string, number | null>;

export type Metric = "rate" | "errorRate" | "p50" | "p90" | "p99";

export function metricOf(point: SeriesPointLike, metric: Metric): number | null {
  switch (metric) {
    case "rate":
      return point.rate;
    case "errorRate":
      return point.requests > 0 ? point.errorRate : null;
    default:
      return point.requests > 0 ? point.latencyMs[metric] : null;
  }
}

/** Several metrics of one series as columns: e.g. p50, p90 and p99 of one service. */
export function metricRows(points: readonly SeriesPointLike[], metrics: readonly Metric[]): ChartRow[] {
  return points.map((point) => {
    const row: ChartRow = { t: Date.parse(point.time) };
    for (const metric of metrics) row[metric] = metricOf(point, metric);
    return row;
  });
}

/** One metric of several series as columns named by their labels, merged on time. */
export function mergeSeries(
  series: readonly { label: string; points: readonly SeriesPointLike[] }[],
  metric: Metric,
): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  for (const { label, points } of series) {
    for (const point of points) {
      const t = Date.parse(point.time);
      let row = rows.get(t);
      if (!row) {
        row = { t };
        for (const other of series) row[other.label] = null;
        rows.set(t, row);
      }
      row[label] = metricOf(point, metric);
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/** SVG path for a sparkline of `values` in a width×height box; nulls break the line. */
export function sparklinePath(values: readonly (number | null)[], width: number, height: number): string {
  const present = values.filter((value): value is number => value !== null && Number.isFinite(value));
  if (present.length === 0) return "";
  const max = Math.max(...present);
  const min = Math.min(0, ...present);
  const spread = max - min || 1;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  let path = "";
  let drawing = false;
  values.forEach((value, index) => {
    if (value === null || !Number.isFinite(value)) {
      drawing = false;
      return;
    }
    const x = round(index * step);
    const y = round(height - ((value - min) / spread) * height);
    path += `${drawing ? "L" : "M"}${x} ${y}`;
    drawing = true;
  });
  return path;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
