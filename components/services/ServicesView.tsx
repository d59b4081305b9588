"use client";

import { nextSort, type SortState, sortRows } from "@/lib/console/sortRows";
import { resolveRange } from "@/lib/console/timeRange";
import type { ServiceSummary } from "@/lib/telemetry/query/services";
import { useServices } from "../queries/telemetry";
import { PageHeader } from "../shell/PageHeader";
import { type OtlpPorts, SendTelemetryHint } from "../shell/SendTelemetryHint";
import { useRange } from "../shell/useRange";
import { useUrlState } from "../shell/useUrlState";
import { EmptyState } from "../ui/EmptyState";
import { QueryState } from "../ui/QueryState";
import { type ServiceColumn, ServicesTable } from "./ServicesTable";

const COLUMNS = new Set<string>(["name", "rate", "errorRate", "p50", "p90", "p99"]);

function cell(row: ServiceSummary, key: ServiceColumn): number | string | null {
  if (key === "name") return row.name;
  if (key === "rate" || key === "errorRate") return row[key];
  return row.latencyMs[key];
}

/** The services page: a sortable table filtered by `q`, with sorting in the URL. */
export function ServicesView({ ports }: { ports: OtlpPorts }) {
  const range = useRange();
  const { search, replace } = useUrlState();
  const services = useServices(range.range, range.refetchInterval, range.problem === null);
  const sortKey = search.get("sort");
  const sort: SortState<ServiceColumn> = {
    key: sortKey && COLUMNS.has(sortKey) ? (sortKey as ServiceColumn) : "rate",
    direction: search.get("dir") === "asc" ? "asc" : "desc",
  };
  const filter = (search.get("q") ?? "").trim().toLowerCase();

  function setParams(patch: Record<string, string>) {
    const params = new URLSearchParams(search.toString());
    for (const [key, value] of Object.entries(patch)) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    replace(params.toString());
  }

  const resolved = resolveRange(range.range, Date.now());
  const spanMs = resolved.ok ? resolved.toMs - resolved.fromMs : 3_600_000;
  // About 30 points per sparkline, in whole minutes.
  const sparkStep = `${Math.max(1, Math.round(spanMs / 30 / 60_000))}m`;

  return (
    <>
      <PageHeader title="Services" />
      <QueryState
        query={services}
        what="services"
        isEmpty={(data) => data.services.length === 0}
        empty={
          <EmptyState title="No services yet">
            <p>
              Every service that sends telemetry is listed here with its request rate, error rate and
              p50/p90/p99 latency; each links to charts split by route and by version.
            </p>
            <SendTelemetryHint otlpHttpPort={ports.http} otlpGrpcPort={ports.grpc} />
          </EmptyState>
        }
      >
        {(data) => {
          const rows = sortRows(
            data.services.filter((row) => row.name.toLowerCase().includes(filter)),
            sort,
            cell,
          );
          return (
            <div className="stack">
              <div className="row">
                <input
                  aria-label="Filter services"
                  placeholder="Filter by name…"
                  defaultValue={search.get("q") ?? ""}
                  onChange={(event) => setParams({ q: event.target.value.trim() })}
                />
                <span className="muted">
                  {rows.length} of {data.services.length} services
                </span>
              </div>
              {rows.length === 0 ? (
                <p className="empty">No service matches “{filter}”.</p>
              ) : (
                <ServicesTable
                  rows={rows}
                  sort={sort}
                  onSort={(column) => {
                    const next = nextSort(sort, column, column === "name" ? "asc" : "desc");
                    setParams({ sort: next.key, dir: next.direction });
                  }}
                  range={range.range}
                  sparkStep={sparkStep}
                />
              )}
            </div>
          );
        }}
      </QueryState>
    </>
  );
}
