"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { EdgeSeriesResponse } from "@/lib/telemetry/query/edge-series";
import type { SeriesResponse } from "@/lib/telemetry/query/series";
import type { ServicesResponse } from "@/lib/telemetry/query/services";
import type { TopologyResponse } from "@/lib/telemetry/query/topology";
import type { TraceSpan, TraceSummary } from "@/lib/telemetry/query/traces";
import { ApiClientError, apiFetch } from "./apiClient";
import { queryString } from "./wire";

// Server state from the telemetry query API (docs/telemetry.md). Keys hold the range as written
// ("now-1h"), so an auto-refresh refetches the same key and the API resolves "now" each time.

export interface RangeKey {
  from: string;
  to: string;
}

export interface SeriesFilter {
  route?: string | undefined;
  version?: string | undefined;
  operation?: string | undefined;
}

export interface TraceQuery extends RangeKey {
  service: string;
  operation: string;
  minDuration: string;
  maxDuration: string;
  status: "any" | "ok" | "error";
  attributes: { key: string; value: string }[];
  limit: number;
}

export interface TraceDetail {
  traceId: string;
  spans: TraceSpan[];
  truncated: boolean;
}

export const telemetryKeys = {
  all: ["telemetry"] as const,
  services: (range: RangeKey) => [...telemetryKeys.all, "services", range] as const,
  topology: (range: RangeKey, focus: string | null, depth: number) =>
    [...telemetryKeys.all, "topology", range, focus, depth] as const,
  series: (service: string, range: RangeKey, step: string | null, filter: SeriesFilter, dimensions = false) =>
    [...telemetryKeys.all, "series", service, range, step, filter, dimensions] as const,
  edgeSeries: (source: string, target: string, range: RangeKey, step: string | null) =>
    [...telemetryKeys.all, "edge-series", source, target, range, step] as const,
  traces: (query: TraceQuery) => [...telemetryKeys.all, "traces", query] as const,
  trace: (traceId: string) => [...telemetryKeys.all, "trace", traceId] as const,
};

type Refresh = number | false;

export function useServices(range: RangeKey, refetchInterval: Refresh, enabled = true) {
  return useQuery({
    queryKey: telemetryKeys.services(range),
    queryFn: () => apiFetch<ServicesResponse>(`/api/v1/services${queryString({ ...range })}`),
    refetchInterval,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTopology(
  range: RangeKey,
  refetchInterval: Refresh,
  focus: string | null = null,
  depth = 1,
  enabled = true,
) {
  return useQuery({
    queryKey: telemetryKeys.topology(range, focus, depth),
    queryFn: () =>
      apiFetch<TopologyResponse>(
        `/api/v1/topology${queryString({ ...range, focus, depth: focus === null ? null : depth })}`,
      ),
    refetchInterval,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useServiceSeries(
  service: string,
  range: RangeKey,
  refetchInterval: Refresh,
  filter: SeriesFilter = {},
  step: string | null = null,
  enabled = true,
  /** Also list the routes and versions seen in the range (`dimensions`), for the split charts. */
  withDimensions = false,
) {
  return useQuery({
    queryKey: telemetryKeys.series(service, range, step, filter, withDimensions),
    queryFn: () =>
      apiFetch<SeriesResponse>(
        `/api/v1/services/${encodeURIComponent(service)}/series${queryString({
          ...range,
          step,
          ...filter,
          dimensions: withDimensions ? "true" : null,
        })}`,
      ),
    refetchInterval,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One caller → callee pair's figures over time (the topology's edge, as the caller saw it). */
export function useEdgeSeries(
  edge: { source: string; target: string },
  range: RangeKey,
  refetchInterval: Refresh,
  step: string | null = null,
  enabled = true,
) {
  return useQuery({
    queryKey: telemetryKeys.edgeSeries(edge.source, edge.target, range, step),
    queryFn: () =>
      apiFetch<EdgeSeriesResponse>(
        `/api/v1/edges/series${queryString({ ...range, step, source: edge.source, target: edge.target })}`,
      ),
    refetchInterval,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function traceSearchPath(query: TraceQuery): string {
  const params = new URLSearchParams();
  const set = (name: string, value: string) => {
    if (value.trim() !== "") params.set(name, value.trim());
  };
  set("from", query.from);
  set("to", query.to);
  set("service", query.service);
  set("operation", query.operation);
  set("minDuration", query.minDuration);
  set("maxDuration", query.maxDuration);
  if (query.status !== "any") params.set("status", query.status);
  for (const { key, value } of query.attributes) if (key.trim()) params.set(`attr.${key.trim()}`, value);
  params.set("limit", String(query.limit));
  return `/api/v1/traces?${params}`;
}

export function useTraceSearch(query: TraceQuery, refetchInterval: Refresh, enabled = true) {
  return useQuery({
    queryKey: telemetryKeys.traces(query),
    queryFn: () => apiFetch<{ traces: TraceSummary[] }>(traceSearchPath(query)),
    refetchInterval,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTrace(traceId: string) {
  return useQuery({
    queryKey: telemetryKeys.trace(traceId),
    queryFn: () => apiFetch<TraceDetail>(`/api/v1/traces/${encodeURIComponent(traceId)}`),
    // A trace rarely changes once complete; late spans show up on a manual reload.
    staleTime: 60_000,
    retry: (count, error) => count < 1 && !(error instanceof ApiClientError && error.status < 500),
  });
}
