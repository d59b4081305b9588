"use client";

import { useQueries } from "@tanstack/react-query";
import { formatLatency, formatPercent, formatRate } from "@/lib/console/format";
import type { ChangeMarker } from "@/lib/console/markers";
import { type Metric, mergeSeries } from "@/lib/console/series";
import type { SeriesResponse } from "@/lib/telemetry/query/series";
import { TimeSeriesChart } from "../charts/TimeSeriesChart";
import { apiFetch } from "../queries/apiClient";
import { type RangeKey, telemetryKeys } from "../queries/telemetry";
import { queryString } from "../queries/wire";

const METRICS: { metric: Metric; title: string; format: (value: number) => string; floor: number }[] = [
  { metric: "rate", title: "Request rate", format: formatRate, floor: 0.1 },
  { metric: "errorRate", title: "Error rate", format: formatPercent, floor: 0.01 },
  { metric: "p99", title: "p99 latency", format: formatLatency, floor: 1 },
];

/**
 * One service's traffic split by version or by route: one series request per value (the API filters on
 * one value at a time), merged into one chart per metric.
 */
export function SplitCharts({
  service,
  by,
  values,
  range,
  refetchInterval,
  markers,
}: {
  service: string;
  by: "version" | "route";
  values: string[];
  range: RangeKey;
  refetchInterval: number | false;
  markers: ChangeMarker[];
}) {
  const results = useQueries({
    queries: values.map((value) => ({
      queryKey: telemetryKeys.series(service, range, null, { [by]: value }),
      queryFn: () =>
        apiFetch<SeriesResponse>(
          `/api/v1/services/${encodeURIComponent(service)}/series${queryString({ ...range, [by]: value })}`,
        ),
      refetchInterval,
    })),
  });
  if (values.length === 0) return null;
  const failed = results.find((result) => result.isError);
  if (failed?.error)
    return (
      <p className="error">
        Could not load the split by {by}: {failed.error.message}
      </p>
    );
  const loaded = results.map((result) => result.data);
  if (loaded.some((data) => data === undefined)) return <p className="muted">Loading the split by {by}…</p>;
  const series = values.map((value, index) => ({ label: value, points: loaded[index]?.points ?? [] }));
  const first = loaded[0];
  const fromMs = first ? Date.parse(first.from) : 0;
  const toMs = first ? Date.parse(first.to) : 0;
  return (
    <div className="chart-grid">
      {METRICS.map(({ metric, title, format, floor }) => (
        <TimeSeriesChart
          key={metric}
          title={`${title} by ${by}`}
          rows={mergeSeries(series, metric)}
          series={values.map((value) => ({ key: value, label: value }))}
          fromMs={fromMs}
          toMs={toMs}
          format={format}
          yFloor={floor}
          markers={markers}
          height={170}
        />
      ))}
    </div>
  );
}
