"use client";

import "@xyflow/react/dist/style.css";
import { Background, Controls, MarkerType, MiniMap, ReactFlow } from "@xyflow/react";
import { useMemo, useState } from "react";
import type { GraphLayout } from "@/lib/console/graph/elkInput";
import type { Graph } from "@/lib/console/graph/types";
import {
  edgeTypes,
  type GroupFlowNode,
  type MetricFlowEdge,
  nodeTypes,
  type ServiceFlowNode,
} from "./graphElements";
import { SelectEdgeContext } from "./UpstreamMarkers";

/** Below this many edges every edge is labelled; above it, only those of the selected node. */
const LABEL_ALL_EDGES_UP_TO = 120;

export type Selection = { kind: "node"; id: string } | { kind: "edge"; id: string } | null;

interface Props {
  layout: GraphLayout;
  /** The latest figures; positions come from the (possibly older) layout of the same structure. */
  graph: Graph;
  selection: Selection;
  matches: ReadonlySet<string>;
  onSelect: (selection: Selection) => void;
}

/** The service graph: positions from the layout worker, colours and labels from the latest figures. */
export function TopologyGraph({ layout, graph, selection, matches, onSelect }: Props) {
  // The layout whose viewport is initialised; a new structure re-mounts the flow and is not ready until then.
  const [readyKey, setReadyKey] = useState<string | null>(null);
  const nodesById = useMemo(() => new Map(graph.nodes.map((node) => [node.id, node])), [graph]);
  const edgesById = useMemo(() => new Map(graph.edges.map((edge) => [edge.id, edge])), [graph]);
  const selectedNode = selection?.kind === "node" ? selection.id : null;

  // Node and edge objects keep their identity unless something about them changed, so selecting a node
  // re-renders two nodes and a few edges, not the whole graph.
  const baseNodes = useMemo(
    () =>
      layout.nodes.map((placed): ServiceFlowNode | GroupFlowNode => {
        if (placed.type === "group") {
          return {
            id: placed.id,
            type: "group",
            position: { x: placed.x, y: placed.y },
            style: { width: placed.width, height: placed.height },
            data: { label: placed.label, members: placed.members },
            selectable: false,
            zIndex: -1,
          };
        }
        return {
          id: placed.id,
          type: "service",
          position: { x: placed.x, y: placed.y },
          width: placed.width,
          height: placed.height,
          ...(placed.parentId ? { parentId: placed.parentId, extent: "parent" as const } : {}),
          data: {
            node: nodesById.get(placed.id) ?? placed.node,
            highlighted: matches.has(placed.id),
            dimmed: matches.size > 0 && !matches.has(placed.id),
          },
        };
      }),
    [layout, nodesById, matches],
  );
  const nodes = useMemo(
    () =>
      selectedNode
        ? baseNodes.map((node) => (node.id === selectedNode ? { ...node, selected: true } : node))
        : baseNodes,
    [baseNodes, selectedNode],
  );

  const baseEdges = useMemo(
    () =>
      layout.edges.map(
        (placed): MetricFlowEdge => ({
          id: placed.id,
          type: "metric",
          source: placed.source,
          target: placed.target,
          markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 },
          data: {
            edge: edgesById.get(placed.id) ?? placed.edge,
            showLabel: layout.edges.length <= LABEL_ALL_EDGES_UP_TO,
            dimmed: matches.size > 0 && !matches.has(placed.source) && !matches.has(placed.target),
          },
        }),
      ),
    [layout, edgesById, matches],
  );
  const selectedEdge = selection?.kind === "edge" ? selection.id : null;
  const edges = useMemo(
    () =>
      selectedNode === null && selectedEdge === null
        ? baseEdges
        : baseEdges.map((edge): MetricFlowEdge => {
            const touches = edge.source === selectedNode || edge.target === selectedNode;
            const selected = edge.id === selectedEdge;
            if (!touches && !selected) return edge;
            return { ...edge, selected, data: edge.data && { ...edge.data, showLabel: true } };
          }),
    [baseEdges, selectedNode, selectedEdge],
  );

  return (
    <div
      className="topology-canvas"
      data-testid="topology-graph"
      data-ready={readyKey === layout.key}
      data-nodes={layout.nodes.length}
    >
      <SelectEdgeContext.Provider value={onSelect}>
        <ReactFlow
          key={layout.key}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onInit={() => setReadyKey(layout.key)}
          onNodeClick={(_event, node) => {
            if (node.type === "service") onSelect({ kind: "node", id: node.id });
          }}
          onEdgeClick={(_event, edge) => onSelect({ kind: "edge", id: edge.id })}
          onPaneClick={() => onSelect(null)}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable
          onlyRenderVisibleElements={layout.nodes.length > 150}
          fitView
          fitViewOptions={{ padding: 0.08, maxZoom: 1.2 }}
          minZoom={0.05}
          maxZoom={2}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={24} size={1} />
          <Controls showInteractive={false} />
          {layout.nodes.length > 30 && <MiniMap pannable zoomable nodeStrokeWidth={3} />}
        </ReactFlow>
      </SelectEdgeContext.Provider>
    </div>
  );
}
