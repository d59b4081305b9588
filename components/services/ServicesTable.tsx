"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { useRef } from "react";
import { formatLatency, formatPercent, formatRate } from "@/lib/console/format";
import { healthOf } from "@/lib/console/graph/types";
import type { SortState } from "@/lib/console/sortRows";
import type { ServiceSummary } from "@/lib/telemetry/query/services";
import { Sparkline } from "../charts/Sparkline";
import { type RangeKey, useServiceSeries } from "../queries/telemetry";
import { useRangeQuery, withRange } from "../shell/useRange";

export type ServiceColumn = "name" | "rate" | "errorRate" | "p50" | "p90" | "p99";

const COLUMNS: { key: ServiceColumn; label: string }[] = [
  { key: "name", label: "Service" },
  { key: "rate", label: "Rate" },
  { key: "errorRate", label: "Errors" },
  { key: "p50", label: "p50" },
  { key: "p90", label: "p90" },
  { key: "p99", label: "p99" },
];

const ROW_HEIGHT = 38;

interface Props {
  rows: ServiceSummary[];
  sort: SortState<ServiceColumn>;
  onSort: (column: ServiceColumn) => void;
  range: RangeKey;
  sparkStep: string;
}

/** Every service with its figures and trend; sortable by any column, virtualised for long lists. */
export function ServicesTable({ rows, sort, onSort, range, sparkStep }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtual.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div className="table-scroll" ref={scroller}>
      <table aria-label="Services" aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th
                key={column.key}
                aria-sort={
                  sort.key === column.key ? (sort.direction === "asc" ? "ascending" : "descending") : "none"
                }
              >
                <button type="button" className="sort" onClick={() => onSort(column.key)}>
                  {column.label}
                  {sort.key === column.key ? (sort.direction === "asc" ? " ▲" : " ▼") : ""}
                </button>
              </th>
            ))}
            <th>Trend</th>
          </tr>
        </thead>
        <tbody>
          {top > 0 && <tr style={{ height: top }} aria-hidden />}
          {items.map((item) => {
            const row = rows[item.index];
            return row ? <ServiceRow key={row.name} row={row} range={range} sparkStep={sparkStep} /> : null;
          })}
          {bottom > 0 && <tr style={{ height: bottom }} aria-hidden />}
        </tbody>
      </table>
    </div>
  );
}

function ServiceRow({ row, range, sparkStep }: { row: ServiceSummary; range: RangeKey; sparkStep: string }) {
  const rangeQuery = useRangeQuery();
  const series = useServiceSeries(row.name, range, false, {}, sparkStep);
  const health = healthOf({ rate: row.rate, errorRate: row.errorRate ?? 0 });
  return (
    <tr style={{ height: ROW_HEIGHT }}>
      <td>
        <span className={`dot health-${health}`} title={health} />
        <span className="sr-only">{health}</span>{" "}
        <Link href={withRange(`/services/${encodeURIComponent(row.name)}`, rangeQuery)}>{row.name}</Link>
      </td>
      <td>{formatRate(row.rate)}</td>
      <td className={health === "failing" ? "error" : undefined}>{formatPercent(row.errorRate)}</td>
      <td>{formatLatency(row.latencyMs.p50)}</td>
      <td>{formatLatency(row.latencyMs.p90)}</td>
      <td>{formatLatency(row.latencyMs.p99)}</td>
      <td>
        <Sparkline
          values={series.data?.points.map((p) => p.rate) ?? []}
          label={`request rate trend of ${row.name}`}
        />
      </td>
    </tr>
  );
}
