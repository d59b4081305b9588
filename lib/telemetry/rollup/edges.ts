// Caller → callee edges per minute, from spans, and the rule for combining them with metric-derived edges.

import { SpanKind, type SpanRow } from "../rows";
import { addToHistogram, emptyHistogram, type LatencyHistogram } from "./latency-histogram";
import { minuteOf } from "./minute";
import { isErrorSpan } from "./service-minutes";

export interface EdgeMinute {
  source: string;
  destination: string;
  /** "service" when the callee reports telemetry itself; "peer" for a callee named only by its caller
   * (peer.service / server.address), such as a database, which becomes a graph node of its own. */
  destinationKind: "service" | "peer";
  /** Start of the minute, unix milliseconds. */
  minuteMs: number;
  requests: number;
  errors: number;
  /** As the caller saw it (client span duration, or the client-side duration metric). */
  latency: LatencyHistogram;
  /** Metric-derived edges are unsampled and win over span-derived ones for the same pair and minute. */
  origin: "spans" | "metrics";
}

/**
 * Derives edges from the spans of one batch:
 * - a CLIENT or PRODUCER span with a child SERVER or CONSUMER span of another service in the batch gives
 *   caller → callee (the caller's span supplies timing and errors);
 * - a CLIENT span with no such child but a peerService gives caller → that peer (an uninstrumented callee).
 * Calls within one service give no edge. The minute is the caller span's start.
 */
export function spansToEdges(rows: readonly SpanRow[]): EdgeMinute[] {
  const childServices = new Map<string, Set<string>>();
  for (const row of rows) {
    if (row.parentSpanId === null || (row.kind !== SpanKind.Server && row.kind !== SpanKind.Consumer))
      continue;
    const key = `${row.traceId}/${row.parentSpanId}`;
    const services = childServices.get(key);
    if (services === undefined) childServices.set(key, new Set([row.service]));
    else services.add(row.service);
  }
  const edges = new EdgeAccumulator("spans");
  for (const row of rows) {
    if (row.kind !== SpanKind.Client && row.kind !== SpanKind.Producer) continue;
    const children = childServices.get(`${row.traceId}/${row.spanId}`);
    const seconds = Number(row.durationNs) / 1e9;
    const minuteMs = minuteOf(row.startNs);
    const error = isErrorSpan(row);
    if (children !== undefined) {
      for (const callee of children) {
        if (callee !== row.service)
          edges.add(row.service, callee, "service", minuteMs, 1, error ? 1 : 0, seconds);
      }
    } else if (row.kind === SpanKind.Client && row.peerService !== null && row.peerService !== row.service) {
      edges.add(row.service, row.peerService, "peer", minuteMs, 1, error ? 1 : 0, seconds);
    }
  }
  return edges.list();
}

/**
 * Combines metric- and span-derived edges: every metric edge, plus the span edges for which no metric
 * edge has the same source, destination and minute (sampling must never hide an edge, but an unsampled
 * measurement beats a sampled one).
 */
export function preferMetricEdges(
  metricEdges: readonly EdgeMinute[],
  spanEdges: readonly EdgeMinute[],
): EdgeMinute[] {
  const measured = new Set(metricEdges.map(edgeKey));
  return [...metricEdges, ...spanEdges.filter((edge) => !measured.has(edgeKey(edge)))];
}

function edgeKey(edge: Pick<EdgeMinute, "source" | "destination" | "minuteMs">): string {
  return `${edge.source}\u0000${edge.destination}\u0000${edge.minuteMs}`;
}

/** Groups edge observations by source, destination and minute. */
export class EdgeAccumulator {
  private readonly edges = new Map<string, EdgeMinute>();
  private readonly origin: EdgeMinute["origin"];

  constructor(origin: EdgeMinute["origin"]) {
    this.origin = origin;
  }

  /** Adds `requests` calls; `seconds` is one call's duration, or null when the caller adds latency itself. */
  add(
    source: string,
    destination: string,
    destinationKind: EdgeMinute["destinationKind"],
    minuteMs: number,
    requests: number,
    errors: number,
    seconds: number | null,
  ): EdgeMinute {
    const key = edgeKey({ source, destination, minuteMs });
    let edge = this.edges.get(key);
    if (edge === undefined) {
      edge = {
        source,
        destination,
        destinationKind,
        minuteMs,
        requests: 0,
        errors: 0,
        latency: emptyHistogram(),
        origin: this.origin,
      };
      this.edges.set(key, edge);
    }
    edge.requests += requests;
    edge.errors += errors;
    if (seconds !== null) addToHistogram(edge.latency, seconds, requests);
    return edge;
  }

  list(): EdgeMinute[] {
    return [...this.edges.values()];
  }
}
