"use client";

import { resolveRange } from "@/lib/console/timeRange";
import { readTraceFilters, traceFilterProblems, writeTraceFilters } from "@/lib/console/traceSearch";
import { useServices, useTraceSearch } from "../queries/telemetry";
import { PageHeader } from "../shell/PageHeader";
import { type OtlpPorts, SendTelemetryHint } from "../shell/SendTelemetryHint";
import { useRange } from "../shell/useRange";
import { useUrlState } from "../shell/useUrlState";
import { EmptyState } from "../ui/EmptyState";
import { QueryState } from "../ui/QueryState";
import { DurationScatter } from "./DurationScatter";
import { TraceSearchForm } from "./TraceSearchForm";
import { TraceTable } from "./TraceTable";

/** Trace search: filters in the URL, results as a duration scatter and a table. */
export function TracesView({ ports }: { ports: OtlpPorts }) {
  const range = useRange();
  const { search, replace } = useUrlState();
  const filters = readTraceFilters(search);
  const valid = range.problem === null && Object.keys(traceFilterProblems(filters)).length === 0;
  const services = useServices(range.range, false, range.problem === null);
  const traces = useTraceSearch({ ...range.range, ...filters }, range.refetchInterval, valid);
  const resolved = resolveRange(range.range, Date.now());
  const anyFilter =
    filters.service ||
    filters.operation ||
    filters.minDuration ||
    filters.maxDuration ||
    filters.status !== "any" ||
    filters.attributes.length > 0;

  return (
    <>
      <PageHeader title="Traces" />
      <TraceSearchForm
        key={search.toString()}
        initial={filters}
        services={services.data?.services.map((s) => s.name) ?? []}
        onSearch={(next) => replace(writeTraceFilters(search.toString(), next))}
      />
      <QueryState
        query={traces}
        what="traces"
        isEmpty={(data) => data.traces.length === 0}
        empty={
          anyFilter ? (
            <p className="empty">
              No trace in this range matches these filters. Widen the time range or remove a filter.
            </p>
          ) : (
            <EmptyState title="No traces stored yet">
              <p>
                Search traces here by service, operation, duration, status and attributes; open one to see its
                waterfall, critical path and span details.
              </p>
              <SendTelemetryHint otlpHttpPort={ports.http} otlpGrpcPort={ports.grpc} />
            </EmptyState>
          )
        }
      >
        {(data) => (
          <div className="stack">
            <DurationScatter
              traces={data.traces}
              fromMs={resolved.ok ? resolved.fromMs : 0}
              toMs={resolved.ok ? resolved.toMs : 0}
            />
            <p className="muted">
              {data.traces.length} trace(s)
              {data.traces.length === filters.limit
                ? ` (the newest ${filters.limit}; raise the limit or narrow the search for more)`
                : ""}
            </p>
            <TraceTable traces={data.traces} />
          </div>
        )}
      </QueryState>
    </>
  );
}
