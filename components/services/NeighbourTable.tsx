"use client";

import Link from "next/link";
import { formatLatency, formatPercent, formatRate } from "@/lib/console/format";
import type { GraphEdge } from "@/lib/console/graph/types";
import { useRangeQuery, withRange } from "../shell/useRange";

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
              <tr key={edge.id}>
                <td>
                  <Link href={withRange(`/services/${encodeURIComponent(pick(edge))}`, rangeQuery)}>
                    {pick(edge)}
                  </Link>
                </td>
                <td>{formatRate(edge.rate)}</td>
                <td>{formatPercent(edge.errorRate)}</td>
                <td>{formatLatency(edge.p99)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
