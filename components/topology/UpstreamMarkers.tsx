"use client";

import { createContext, useContext } from "react";
import type { NodeUpstreamState, UpstreamState } from "@/lib/console/graph/types";
import { upstreamMarkers, upstreamSummary } from "@/lib/console/graph/upstream";
import type { Selection } from "./TopologyGraph";
import styles from "./upstream.module.css";

// Ejected endpoints and open circuit breakers as pills on edges and nodes (wording in
// lib/console/graph/upstream.ts).

/** Lets an edge's marker select its edge (it is drawn outside the edge's SVG, so clicks miss the edge). */
export const SelectEdgeContext = createContext<(selection: Selection) => void>(() => {});

export const troubledEdgeClass = styles.troubledEdge ?? "";

type Length = "text" | "short" | "tiny";

function Pills({ state, length }: { state: UpstreamState; length: Length }) {
  // Shorter texts on the graph (the legend explains the icons; titles and the side panel have it in full).
  return upstreamMarkers(state).map((marker) => (
    <span
      key={marker.kind}
      className={`${styles.pill} ${marker.kind === "ejection" ? styles.ejection : styles.breakerOpen}`}
      data-kind={marker.kind}
    >
      {marker[length] === "" ? marker.icon : `${marker.icon} ${marker[length]}`}
    </span>
  ));
}

/** The pills on an edge, centred on `at`; a click selects the edge. */
export function EdgeUpstreamMarkers({
  edgeId,
  state,
  at,
  dimmed,
}: {
  edgeId: string;
  state: UpstreamState;
  at: { x: number; y: number };
  dimmed: boolean;
}) {
  const select = useContext(SelectEdgeContext);
  const summary = upstreamSummary(state);
  return (
    <button
      type="button"
      className={`${styles.edgeMarkers} nodrag nopan`}
      style={{
        transform: `translate(-50%, -50%) translate(${at.x}px, ${at.y}px)`,
        opacity: dimmed ? 0.35 : 1,
      }}
      data-testid={`edge-upstream-${edgeId}`}
      title={summary}
      aria-label={`${edgeId.replace(">", " → ")}: ${summary}`}
      onClick={(event) => {
        event.stopPropagation();
        select({ kind: "edge", id: edgeId });
      }}
    >
      <Pills state={state} length="tiny" />
    </button>
  );
}

/** The strip under a node: what its callers report of it. */
export function NodeUpstreamMarkers({ nodeId, state }: { nodeId: string; state: NodeUpstreamState }) {
  const summary = upstreamSummary(state);
  return (
    <div className={styles.nodeMarkers} data-testid={`node-upstream-${nodeId}`} title={summary}>
      <Pills state={state} length="short" />
      <span className="sr-only">{summary}</span>
    </div>
  );
}

/** The same pills at full length, for the side panel and the legend. */
export function UpstreamPills({ state }: { state: UpstreamState }) {
  return (
    <span className={styles.markers}>
      <Pills state={state} length="text" />
    </span>
  );
}

export const upstreamStyles = styles;

/** The legend's samples of both pills. */
export function UpstreamLegend() {
  return (
    <>
      <span className={`${styles.pill} ${styles.ejection}`}>⏏ n/m ejected</span>
      <span className={`${styles.pill} ${styles.breakerOpen}`}>⊘ breaker open</span>
    </>
  );
}
