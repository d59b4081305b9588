"use client";

import {
  BaseEdge,
  type Edge,
  type EdgeProps,
  getBezierPath,
  Handle,
  type Node,
  type NodeProps,
  Position,
} from "@xyflow/react";
import { formatLatency, formatPercent, formatRate } from "@/lib/console/format";
import { type GraphEdge, type GraphNode, healthOf, type NodeBadge } from "@/lib/console/graph/types";

// The topology's custom nodes and edge. Declared once at module scope (xyflow re-mounts every node
// when nodeTypes changes identity).

export type ServiceNodeData = { node: GraphNode; highlighted: boolean; dimmed: boolean };
export type GroupNodeData = { label: string; members: number };
export type MetricEdgeData = { edge: GraphEdge; showLabel: boolean; dimmed: boolean };

export type ServiceFlowNode = Node<ServiceNodeData, "service">;
export type GroupFlowNode = Node<GroupNodeData, "group">;
export type MetricFlowEdge = Edge<MetricEdgeData, "metric">;

const BADGE_TEXT: Record<NodeBadge, { icon: string; title: string }> = {
  fault: { icon: "⚡", title: "fault injection active" },
  ejection: { icon: "⏏", title: "endpoints ejected by outlier detection" },
  "breaker-open": { icon: "⛔", title: "circuit breaker open" },
};

function ServiceNode({ data, selected }: NodeProps<ServiceFlowNode>) {
  const { node } = data;
  const health = healthOf(node);
  const classes = ["topo-node", `health-${health}`, node.kind === "external" ? "external" : ""];
  if (selected) classes.push("selected");
  if (data.highlighted) classes.push("highlighted");
  if (data.dimmed) classes.push("dimmed");
  return (
    <div className={classes.join(" ")} data-testid={`node-${node.id}`} data-health={health}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="topo-node-title">
        <span className="dot" aria-hidden />
        <span className="name" title={node.id}>
          {node.id}
        </span>
        {node.badges?.map((badge) => (
          <span key={badge} className={`topo-badge badge-${badge}`} title={BADGE_TEXT[badge].title}>
            {BADGE_TEXT[badge].icon}
            <span className="sr-only">{BADGE_TEXT[badge].title}</span>
          </span>
        ))}
      </div>
      <div className="topo-node-stats">
        {node.kind === "external" ? "external · " : ""}
        {formatRate(node.rate)} · {formatPercent(node.errorRate)} · p99 {formatLatency(node.p99)}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

function GroupNode({ data }: NodeProps<GroupFlowNode>) {
  return (
    <div className="topo-group">
      <span className="topo-group-label">
        {data.label} <span className="muted">({data.members})</span>
      </span>
    </div>
  );
}

function MetricEdge(props: EdgeProps<MetricFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath(props);
  const data = props.data;
  const health = data ? healthOf(data.edge) : "idle";
  const label = data?.showLabel
    ? `${formatRate(data.edge.rate)} · ${formatPercent(data.edge.errorRate)} · p99 ${formatLatency(data.edge.p99)}`
    : undefined;
  return (
    <BaseEdge
      id={props.id}
      path={path}
      markerEnd={props.markerEnd}
      className={`topo-edge health-${health}${props.selected ? " selected" : ""}${data?.dimmed ? " dimmed" : ""}`}
      label={label}
      labelX={labelX}
      labelY={labelY}
      labelShowBg
      labelBgPadding={[3, 2]}
      labelBgBorderRadius={3}
      labelStyle={{ fontSize: 10, fill: "var(--text)" }}
      labelBgStyle={{ fill: "var(--panel)", fillOpacity: 0.9 }}
      interactionWidth={12}
    />
  );
}

export const nodeTypes = { service: ServiceNode, group: GroupNode };
export const edgeTypes = { metric: MetricEdge };
