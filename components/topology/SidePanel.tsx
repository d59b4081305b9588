"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import Link from "next/link";
import { activeFaults, describeFault } from "@/lib/console/activeFaults";
import { formatLatency, formatPercent, formatRate } from "@/lib/console/format";
import { neighboursOf } from "@/lib/console/graph/filterGraph";
import {
  type Graph,
  type GraphEdge,
  type GraphNode,
  healthOf,
  type TrafficStats,
} from "@/lib/console/graph/types";
import type { ChangeMarker } from "@/lib/console/markers";
import type { SeriesPointLike } from "@/lib/console/series";
import type { MeshConfig } from "@/lib/mesh/schema";
import { MarkerLinks } from "../charts/TimeSeriesChart";
import { useEdgeSeries, useServiceSeries } from "../queries/telemetry";
import { NeighbourRow } from "../services/NeighbourRow";
import { RedCharts } from "../services/RedCharts";
import { useRange, useRangeQuery, withRange } from "../shell/useRange";
import type { Selection } from "./TopologyGraph";
import { UpstreamNotice } from "./UpstreamNotice";

interface Props {
  graph: Graph;
  selection: NonNullable<Selection>;
  config: MeshConfig | undefined;
  markers: ChangeMarker[];
  onClose: () => void;
  onFocus: (service: string) => void;
}

/** Details of the clicked node or edge: figures, charts, faults, neighbours, config changes, links. */
export function SidePanel({ graph, selection, config, markers, onClose, onFocus }: Props) {
  const node = selection.kind === "node" ? graph.nodes.find((n) => n.id === selection.id) : undefined;
  const edge = selection.kind === "edge" ? graph.edges.find((e) => e.id === selection.id) : undefined;
  return (
    <aside className="side-panel panel" aria-label="Selection details">
      <div className="row">
        <h2>{node ? node.id : edge ? `${edge.source} → ${edge.target}` : selection.id}</h2>
        <div className="spacer" />
        <button type="button" className="secondary" onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </div>
      {!node && !edge && <p className="muted">Not in the graph for this range.</p>}
      {node && <NodeDetails graph={graph} node={node} config={config} markers={markers} onFocus={onFocus} />}
      {edge && <EdgeDetails edge={edge} markers={markers} />}
      <h3>Config changes in range</h3>
      {markers.length === 0 ? <p className="muted">None.</p> : <MarkerLinks markers={markers} />}
    </aside>
  );
}

function Stats({ stats }: { stats: TrafficStats }) {
  return (
    <dl className="stats">
      <dt>Rate</dt>
      <dd>{formatRate(stats.rate)}</dd>
      <dt>Errors</dt>
      <dd>{formatPercent(stats.errorRate)}</dd>
      <dt>p50</dt>
      <dd>{formatLatency(stats.p50)}</dd>
      <dt>p90</dt>
      <dd>{formatLatency(stats.p90)}</dd>
      <dt>p99</dt>
      <dd>{formatLatency(stats.p99)}</dd>
    </dl>
  );
}

function NodeDetails({
  graph,
  node,
  config,
  markers,
  onFocus,
}: {
  graph: Graph;
  node: GraphNode;
  config: MeshConfig | undefined;
  markers: ChangeMarker[];
  onFocus: (service: string) => void;
}) {
  const rangeQuery = useRangeQuery();
  const { callers, callees } = neighboursOf(graph, node.id);
  const faults = config ? activeFaults(config, Date.now()).filter((fault) => fault.service === node.id) : [];
  return (
    <>
      <p className={`health-text health-${healthOf(node)}`}>
        {node.kind === "external" ? "External (named by its callers)" : "Service"} · {healthOf(node)}
        {node.namespace ? ` · namespace ${node.namespace}` : ""}
      </p>
      <Stats stats={node} />
      {node.upstream && <UpstreamNotice state={node.upstream} caller={null} callee={node.id} />}
      <div className="row">
        {node.kind === "service" && (
          <Link href={withRange(`/services/${encodeURIComponent(node.id)}`, rangeQuery)}>Service page</Link>
        )}
        <Link href={withRange(`/traces?service=${encodeURIComponent(node.id)}`, rangeQuery)}>Traces</Link>
        <button type="button" className="secondary" onClick={() => onFocus(node.id)}>
          Focus here
        </button>
      </div>
      {faults.length > 0 && (
        <div className="notice">
          <strong>Active faults</strong>
          <ul>
            {faults.map((fault) => (
              <li key={fault.rule}>
                rule {fault.rule}: {describeFault(fault.fault)}
                {fault.fault.expiresAt ? ` (until ${new Date(fault.fault.expiresAt).toLocaleString()})` : ""}
              </li>
            ))}
          </ul>
        </div>
      )}
      {node.kind === "service" && <NodeCharts service={node.id} markers={markers} />}
      <Neighbours title="Callers" edges={callers} pick={(e) => e.source} />
      <Neighbours title="Callees" edges={callees} pick={(e) => e.target} />
    </>
  );
}

function NodeCharts({ service, markers }: { service: string; markers: ChangeMarker[] }) {
  const range = useRange();
  const series = useServiceSeries(
    service,
    range.range,
    range.refetchInterval,
    {},
    null,
    range.problem === null,
  );
  return <PanelCharts series={series} markers={markers} />;
}

function Neighbours({
  title,
  edges,
  pick,
}: {
  title: string;
  edges: GraphEdge[];
  pick: (edge: GraphEdge) => string;
}) {
  const rangeQuery = useRangeQuery();
  if (edges.length === 0) return null;
  return (
    <>
      <h3>
        {title} ({edges.length})
      </h3>
      <table className="compact">
        <tbody>
          {edges.slice(0, 50).map((edge) => (
            <NeighbourRow key={edge.id} edge={edge} name={pick(edge)} rangeQuery={rangeQuery} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function EdgeDetails({ edge, markers }: { edge: GraphEdge; markers: ChangeMarker[] }) {
  const rangeQuery = useRangeQuery();
  return (
    <>
      <p className={`health-text health-${healthOf(edge)}`}>
        Calls as the caller saw them · {healthOf(edge)}
      </p>
      <Stats stats={edge} />
      {edge.upstream && <UpstreamNotice state={edge.upstream} caller={edge.source} callee={edge.target} />}
      <div className="row">
        <Link href={withRange(`/services/${encodeURIComponent(edge.source)}`, rangeQuery)}>
          {edge.source}
        </Link>
        <Link href={withRange(`/services/${encodeURIComponent(edge.target)}`, rangeQuery)}>
          {edge.target}
        </Link>
        <Link
          href={withRange(
            `/traces?service=${encodeURIComponent(edge.source)}&attr.peer.service=${encodeURIComponent(edge.target)}`,
            rangeQuery,
          )}
        >
          Traces of these calls
        </Link>
      </div>
      <EdgeCharts edge={edge} markers={markers} />
    </>
  );
}

function EdgeCharts({ edge, markers }: { edge: GraphEdge; markers: ChangeMarker[] }) {
  const range = useRange();
  const series = useEdgeSeries(edge, range.range, range.refetchInterval, null, range.problem === null);
  return <PanelCharts series={series} markers={markers} />;
}

/** The small rate/error/latency charts of the panel, from a series query (a service's or an edge's). */
function PanelCharts({
  series,
  markers,
}: {
  series: UseQueryResult<{ points: SeriesPointLike[]; from: string; to: string }>;
  markers: ChangeMarker[];
}) {
  if (series.isError) return <p className="error">Could not load charts: {series.error.message}</p>;
  if (!series.data) return <p className="muted">Loading charts…</p>;
  return (
    <RedCharts
      points={series.data.points}
      fromMs={Date.parse(series.data.from)}
      toMs={Date.parse(series.data.to)}
      markers={markers}
      height={120}
    />
  );
}
