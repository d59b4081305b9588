"use client";

import Link from "next/link";
import { formatLatency, formatPercent, formatRate } from "@/lib/console/format";
import { neighboursOf } from "@/lib/console/graph/filterGraph";
import { fromTopology } from "@/lib/console/graph/fromTopology";
import { parseRoutesParam } from "@/lib/console/routeChoices";
import { useChangeMarkers } from "../charts/useChangeMarkers";
import { useMeshConfig, useProxies } from "../queries/mesh";
import { useServiceSeries, useServices, useTopology } from "../queries/telemetry";
import { PageHeader } from "../shell/PageHeader";
import { useRange, useRangeQuery, withRange } from "../shell/useRange";
import { useUrlState } from "../shell/useUrlState";
import { QueryState } from "../ui/QueryState";
import { NeighbourTable } from "./NeighbourTable";
import { RedCharts } from "./RedCharts";
import { RouteSplit } from "./RouteSplit";
import { ServiceEndpoints } from "./ServiceEndpoints";
import { ServicePolicy } from "./ServicePolicy";
import { SplitCharts } from "./SplitCharts";

/** One service: its figures over time (all, by version, by route), neighbours, endpoints and policy. */
export function ServiceView({ name }: { name: string }) {
  const range = useRange();
  const rangeQuery = useRangeQuery();
  const { search, replace } = useUrlState();
  const enabled = range.problem === null;
  const series = useServiceSeries(name, range.range, range.refetchInterval, {}, null, enabled, true);
  const services = useServices(range.range, range.refetchInterval, enabled);
  const topology = useTopology(range.range, range.refetchInterval, name, 1, enabled);
  const config = useMeshConfig(range.refetchInterval);
  const proxies = useProxies("recent", range.refetchInterval, name);
  const fromMs = series.data ? Date.parse(series.data.from) : 0;
  const toMs = series.data ? Date.parse(series.data.to) : 0;
  const markers = useChangeMarkers(fromMs, toMs, range.refetchInterval);
  const summary = services.data?.services.find((service) => service.name === name);
  const configured = config.data?.config.services.find((service) => service.name === name);
  const dimensions = series.data?.dimensions;
  const versions = versionsOf(
    configured?.subsets ?? [],
    proxies.data?.proxies ?? [],
    dimensions?.versions.map((version) => version.value) ?? [],
  );
  const routes = parseRoutesParam(search.get("routes"));
  const rangeSeconds = series.data ? (Date.parse(series.data.to) - Date.parse(series.data.from)) / 1000 : 0;
  const graph = topology.data ? fromTopology(topology.data, new Map(), new Map(), false) : undefined;
  const neighbours = graph ? neighboursOf(graph, name) : { callers: [], callees: [] };

  function setRoutes(chosen: string[]) {
    const params = new URLSearchParams(search.toString());
    if (chosen.length > 0) params.set("routes", chosen.join(","));
    else params.delete("routes");
    replace(params.toString());
  }

  return (
    <>
      <PageHeader title={name}>
        <Link href={withRange("/services", rangeQuery)} className="muted">
          ← all services
        </Link>
        <Link href={withRange(`/topology?focus=${encodeURIComponent(name)}`, rangeQuery)}>On the graph</Link>
        <Link href={withRange(`/traces?service=${encodeURIComponent(name)}`, rangeQuery)}>Traces</Link>
      </PageHeader>
      {summary && (
        <dl className="stats wide" aria-label="Figures for the range">
          <dt>Rate</dt>
          <dd>{formatRate(summary.rate)}</dd>
          <dt>Errors</dt>
          <dd>{formatPercent(summary.errorRate)}</dd>
          <dt>p50</dt>
          <dd>{formatLatency(summary.latencyMs.p50)}</dd>
          <dt>p90</dt>
          <dd>{formatLatency(summary.latencyMs.p90)}</dd>
          <dt>p99</dt>
          <dd>{formatLatency(summary.latencyMs.p99)}</dd>
        </dl>
      )}
      <QueryState query={series} what={`the charts of ${name}`}>
        {(data) => (
          <RedCharts
            points={data.points}
            fromMs={Date.parse(data.from)}
            toMs={Date.parse(data.to)}
            markers={markers}
          />
        )}
      </QueryState>
      <h2>By version</h2>
      {versions.length === 0 ? (
        <p className="muted">
          No versions known: define subsets in the traffic policy, or label proxies with version=….
        </p>
      ) : (
        <SplitCharts
          service={name}
          by="version"
          values={versions}
          range={range.range}
          refetchInterval={range.refetchInterval}
          markers={markers}
        />
      )}
      <h2>By route</h2>
      <RouteSplit
        service={name}
        rules={configured?.routes ?? []}
        observed={dimensions?.routes}
        selected={routes}
        onChange={setRoutes}
        range={range.range}
        rangeSeconds={rangeSeconds}
        refetchInterval={range.refetchInterval}
        markers={markers}
      />
      <div className="two-columns">
        <NeighbourTable title="Callers" edges={neighbours.callers} pick={(edge) => edge.source} />
        <NeighbourTable title="Callees" edges={neighbours.callees} pick={(edge) => edge.target} />
      </div>
      <ServiceEndpoints proxies={proxies} external={configured?.endpoints ?? []} />
      <ServicePolicy service={configured} revision={config.data?.revision.number} />
    </>
  );
}

function versionsOf(
  subsets: { name: string; labels: Record<string, string> }[],
  proxies: { labels: Record<string, string> }[],
  observed: string[],
): string[] {
  const out = new Set<string>();
  for (const subset of subsets) out.add(subset.name);
  for (const proxy of proxies) if (proxy.labels.version) out.add(proxy.labels.version);
  for (const version of observed) out.add(version);
  return [...out].sort().slice(0, 8);
}
