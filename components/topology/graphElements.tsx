"use client";

import {
  BaseEdge,
  type Edge,
  EdgeLabelRenderer,
  type EdgeProps,
  getBezierPath,
  Handle,
  type Node,
  type NodeProps,
  Position,
} from "@xyflow/react";
import { formatLatency, formatPercent, formatRate } from "@/lib/console/format";
import { pointOnEdge } from "@/lib/console/graph/edgePoint";
import { type GraphEdge, type GraphNode, healthOf, type NodeBadge } from "@/lib/console/graph/types";
import { EdgeUpstreamMarkers, NodeUpstreamMarkers, troubledEdgeClass } from "./UpstreamMarkers";

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
  "breaker-open": { icon: "⊘", title: "circuit breaker open" },
};
/**
 * Where along an edge its upstream markers sit: past the middle (the figures' place, where the edges
 * fanning out of one caller are still close together), nearer the callee they are about.
 */
const MARKER_AT = 0.7;
/** Beside the line, away from the figures in the middle, when those are shown. */
const MARKER_CLEARANCE = 15;
/** Badges drawn by the node's upstream strip instead of its title. */
const UPSTREAM_BADGES: ReadonlySet<NodeBadge> = new Set(["ejection", "breaker-open"]);

function ServiceNode({ data, selected }: NodeProps<ServiceFlowNode>) {
  const { node } = data;
  const health = healthOf(node);
  const classes = ["topo-node", `health-${health}`, node.kind === "external" ? "external" : ""];
  if (selected) classes.push("selected");
  if (data.highlighted) classes.push("highlighted");
  if (data.dimmed) classes.push("dimmed");
  return (
    <div
      className={classes.join(" ")}
      data-testid={`node-${node.id}`}
      data-health={health}
      data-upstream={node.upstream ? "trouble" : undefined}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="topo-node-title">
        <span className="dot" aria-hidden />
        <span className="name" title={node.id}>
          {node.id}
        </span>
        {node.badges
          ?.filter((badge) => !(node.upstream && UPSTREAM_BADGES.has(badge)))
          .map((badge) => (
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
      {node.upstream && <NodeUpstreamMarkers nodeId={node.id} state={node.upstream} />}
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
  const upstream = data?.edge.upstream;
  const classes = ["topo-edge", `health-${health}`];
  if (props.selected) classes.push("selected");
  if (data?.dimmed) classes.push("dimmed");
  if (upstream) classes.push(troubledEdgeClass);
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={props.markerEnd}
        className={classes.join(" ")}
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
      {/* Upstream trouble is rare and urgent: shown even where the figures are hidden (large graphs). */}
      {upstream && (
        <EdgeLabelRenderer>
          <EdgeUpstreamMarkers
            edgeId={props.id}
            state={upstream}
            at={markerPoint(props, label !== undefined)}
            dimmed={data?.dimmed ?? false}
          />
        </EdgeLabelRenderer>
      )}
    </>
  );
}

function markerPoint(edge: EdgeProps<MetricFlowEdge>, labelled: boolean): { x: number; y: number } {
  const source = { x: edge.sourceX, y: edge.sourceY };
  const target = { x: edge.targetX, y: edge.targetY };
  const point = pointOnEdge(MARKER_AT, source, target);
  if (!labelled) return point;
  return { x: point.x, y: point.y + (target.y < source.y ? -MARKER_CLEARANCE : MARKER_CLEARANCE) };
}

export const nodeTypes = { service: ServiceNode, group: GroupNode };
export const edgeTypes = { metric: MetricEdge };
