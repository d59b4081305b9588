// Groups edge observations by source, destination and minute.

import { addToHistogram, emptyHistogram, type LatencyHistogram, mergeInto } from "./latency-histogram";

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

export function edgeKey(edge: Pick<EdgeMinute, "source" | "destination" | "minuteMs">): string {
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
    // A negative count takes back an observation added earlier (see span-calls.ts).
    if (seconds !== null) addToHistogram(edge.latency, seconds, requests);
    if (destinationKind === "service") edge.destinationKind = "service";
    return edge;
  }

  /** Adds a whole edge (its counts and latency) under its key; the given edge is not changed. */
  merge(edge: EdgeMinute): void {
    const target = this.add(
      edge.source,
      edge.destination,
      edge.destinationKind,
      edge.minuteMs,
      edge.requests,
      edge.errors,
      null,
    );
    mergeInto(target.latency, edge.latency);
  }

  list(): EdgeMinute[] {
    return [...this.edges.values()];
  }
}
