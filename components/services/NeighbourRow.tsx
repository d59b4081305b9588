"use client";

import Link from "next/link";
import { formatLatency, formatPercent, formatRate } from "@/lib/console/format";
import type { GraphEdge } from "@/lib/console/graph/types";
import { withRange } from "../shell/useRange";

/** One caller or callee with the calls' rate, error rate and p99, linking to that service's page. */
export function NeighbourRow({
  edge,
  name,
  rangeQuery,
}: {
  edge: GraphEdge;
  name: string;
  rangeQuery: string;
}) {
  return (
    <tr>
      <td>
        <Link href={withRange(`/services/${encodeURIComponent(name)}`, rangeQuery)}>{name}</Link>
      </td>
      <td>{formatRate(edge.rate)}</td>
      <td>{formatPercent(edge.errorRate)}</td>
      <td>{formatLatency(edge.p99)}</td>
    </tr>
  );
}
