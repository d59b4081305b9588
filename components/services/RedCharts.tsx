"use client";

import { formatLatency, formatPercent, formatRate } from "@/lib/console/format";
import type { ChangeMarker } from "@/lib/console/markers";
import { metricRows, type SeriesPointLike } from "@/lib/console/series";
import { TimeSeriesChart } from "../charts/TimeSeriesChart";

/** Request rate, error rate and latency percentiles of one series, with change markers. */
export function RedCharts({
  points,
  fromMs,
  toMs,
  markers,
  height = 180,
  titlePrefix = "",
}: {
  points: SeriesPointLike[];
  fromMs: number;
  toMs: number;
  markers: ChangeMarker[];
  height?: number;
  titlePrefix?: string;
}) {
  const rows = metricRows(points, ["rate", "errorRate", "p50", "p90", "p99"]);
  const common = { rows, fromMs, toMs, markers, height };
  return (
    <div className="chart-grid">
      <TimeSeriesChart
        {...common}
        title={`${titlePrefix}Request rate`}
        series={[{ key: "rate", label: "requests/s" }]}
        yFloor={0.1}
        format={formatRate}
      />
      <TimeSeriesChart
        {...common}
        title={`${titlePrefix}Error rate`}
        series={[{ key: "errorRate", label: "errors" }]}
        yFloor={0.01}
        format={formatPercent}
      />
      <TimeSeriesChart
        {...common}
        title={`${titlePrefix}Latency`}
        series={[
          { key: "p50", label: "p50" },
          { key: "p90", label: "p90" },
          { key: "p99", label: "p99" },
        ]}
        format={formatLatency}
      />
    </div>
  );
}
