"use client";

import { useEffect, useMemo } from "react";
import { activeFaults } from "@/lib/console/activeFaults";
import { matchNodes } from "@/lib/console/graph/filterGraph";
import { fromTopology, type ServiceInfo } from "@/lib/console/graph/fromTopology";
import {
  readTopologyParams,
  type TopologyParams,
  writeTopologyParams,
} from "@/lib/console/graph/topologyParams";
import type { GraphOptions, NodeBadge } from "@/lib/console/graph/types";
import type { MeshConfig } from "@/lib/mesh/schema";
import { useChangeMarkers } from "../charts/useChangeMarkers";
import { useMeshConfig } from "../queries/mesh";
import { useTopology } from "../queries/telemetry";
import { PageHeader } from "../shell/PageHeader";
import { type OtlpPorts, SendTelemetryHint } from "../shell/SendTelemetryHint";
import { useRange } from "../shell/useRange";
import { useUrlState } from "../shell/useUrlState";
import { EmptyState } from "../ui/EmptyState";
import { QueryState } from "../ui/QueryState";
import { prewarmLayoutWorker } from "./layoutClient";
import { SidePanel } from "./SidePanel";
import { TopologyGraph } from "./TopologyGraph";
import { TopologyToolbar } from "./TopologyToolbar";
import { useGraphLayout } from "./useGraphLayout";

/** The topology page: every service and callee as a graph over the chosen range. */
export function TopologyView({ ports }: { ports: OtlpPorts }) {
  const range = useRange();
  const { search, replace } = useUrlState();
  const params = readTopologyParams(search);
  useEffect(prewarmLayoutWorker, []);
  const topology = useTopology(range.range, range.refetchInterval, null, 1, range.problem === null);
  const config = useMeshConfig(range.refetchInterval);
  const meshConfig = config.data?.config;
  const graph = useMemo(
    // Waits for the config too: it can add silent services, and laying out twice would move everything.
    () =>
      topology.data && !config.isPending
        ? fromTopology(topology.data, serviceInfo(meshConfig), badges(meshConfig))
        : undefined,
    [topology.data, meshConfig, config.isPending],
  );
  const { focus, depth, hideIdle, groupBy } = params;
  // biome-ignore lint/correctness/useExhaustiveDependencies: groupBy compared by value
  const options: GraphOptions = useMemo(
    () => ({ focus, depth, hideIdle, groupBy }),
    [focus, depth, hideIdle, JSON.stringify(groupBy)],
  );
  const layout = useGraphLayout(graph, options);
  const matches = useMemo(
    () => (graph ? matchNodes(graph, params.search) : new Set<string>()),
    [graph, params.search],
  );
  const fromMs = topology.data ? Date.parse(topology.data.from) : 0;
  const toMs = topology.data ? Date.parse(topology.data.to) : 0;
  const markers = useChangeMarkers(fromMs, toMs, range.refetchInterval);

  function update(patch: Partial<TopologyParams>) {
    replace(writeTopologyParams(search.toString(), patch));
  }

  return (
    <>
      <PageHeader title="Topology" />
      <QueryState
        query={topology}
        what="the topology"
        isEmpty={() => graph !== undefined && graph.nodes.length === 0}
        empty={
          <EmptyState title="No services have reported yet">
            <p>
              The service graph appears here: each service (and each uninstrumented callee such as a database)
              as a node coloured by health, each call path as an edge labelled with request rate, error rate
              and p99 latency.
            </p>
            <SendTelemetryHint otlpHttpPort={ports.http} otlpGrpcPort={ports.grpc} />
          </EmptyState>
        }
      >
        {() =>
          !graph ? (
            <p className="muted loading" aria-busy="true">
              Loading the mesh config…
            </p>
          ) : (
            <>
              <TopologyToolbar graph={graph} params={params} onChange={update} />
              <div className="topology">
                {layout.isError && (
                  <p className="error">Could not lay out the graph: {layout.error.message}</p>
                )}
                {!layout.data && !layout.isError && (
                  <p className="muted loading" aria-busy="true">
                    Laying out {graph.nodes.length} services…
                  </p>
                )}
                {layout.data && layout.data.nodes.length === 0 && (
                  <p className="empty">
                    Nothing to show with these options (every service is idle in this range).
                  </p>
                )}
                {layout.data && layout.data.nodes.length > 0 && (
                  <TopologyGraph
                    layout={layout.data}
                    graph={graph}
                    selection={params.select}
                    matches={matches}
                    onSelect={(select) => update({ select })}
                  />
                )}
                {params.select && (
                  <SidePanel
                    graph={graph}
                    selection={params.select}
                    config={meshConfig}
                    markers={markers}
                    onClose={() => update({ select: null })}
                    onFocus={(service) => update({ focus: service })}
                  />
                )}
              </div>
            </>
          )
        }
      </QueryState>
    </>
  );
}

function serviceInfo(config: MeshConfig | undefined): Map<string, ServiceInfo> {
  return new Map(config?.services.map((s) => [s.name, { namespace: s.namespace, labels: s.labels }]) ?? []);
}

function badges(config: MeshConfig | undefined): Map<string, NodeBadge[]> {
  const out = new Map<string, NodeBadge[]>();
  if (!config) return out;
  for (const fault of activeFaults(config, Date.now())) out.set(fault.service, ["fault"]);
  return out;
}
