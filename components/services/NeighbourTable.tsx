"use client";

import type { GraphEdge } from "@/lib/console/graph/types";
import { useRangeQuery } from "../shell/useRange";
import { NeighbourRow } from "./NeighbourRow";

/** Callers or callees of a service with the calls' figures. */
export function NeighbourTable({
  title,
  edges,
  pick,
}: {
  title: string;
  edges: GraphEdge[];
  pick: (edge: GraphEdge) => string;
}) {
  const rangeQuery = useRangeQuery();
  return (
    <section>
      <h2>{title}</h2>
      {edges.length === 0 ? (
        <p className="muted">None in this range.</p>
      ) : (
        <table aria-label={title}>
          <thead>
            <tr>
              <th>Service</th>
              <th>Rate</th>
              <th>Errors</th>
              <th>p99</th>
            </tr>
          </thead>
          <tbody>
            {edges.map((edge) => (
              <NeighbourRow key={edge.id} edge={edge} name={pick(edge)} rangeQuery={rangeQuery} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
