// Edges and service minutes from the sidecar's RED metrics (docs/telemetry-metrics.md). These are
// unsampled, so they win over span-derived rollups for the same key (see preferMetricEdges).

import { PROXY_ATTRIBUTES, PROXY_METRICS } from "../metric-contract";
import {
  type Attributes,
  type ExponentialHistogramPointRow,
  type HistogramPointRow,
  type MetricPointRow,
  Temporality,
} from "../rows";
import { EdgeAccumulator, type EdgeMinute } from "./edges";
import { emptyHistogram, type LatencyHistogram } from "./latency-histogram";
import { minuteOfInterval } from "./minute";
import { addExplicitHistogram, addExponentialHistogram, secondsPerUnit } from "./otlp-histograms";
import { type ServiceMinute, versionOf } from "./service-minutes";

type DurationPoint = HistogramPointRow | ExponentialHistogramPointRow;

/**
 * Edges from `http.client.request.duration` points that name their destination (`weft.destination.service`):
 * source = `weft.source.service`, else the point's service. Only DELTA points in a known duration unit count;
 * a point is all errors when its status code is 500 or more or it has `error.type`, otherwise none.
 */
export function metricPointsToEdges(points: readonly MetricPointRow[]): EdgeMinute[] {
  const edges = new EdgeAccumulator("metrics");
  for (const point of points) {
    const duration = durationPoint(point, PROXY_METRICS.clientDuration);
    if (duration === null) continue;
    const destination = stringAttribute(point.attributes, PROXY_ATTRIBUTES.destinationService);
    if (destination === null) continue;
    const source = stringAttribute(point.attributes, PROXY_ATTRIBUTES.sourceService) ?? point.service;
    const minuteMs = minuteOfInterval(point.startNs, point.timeNs);
    const errors = isErrorPoint(point.attributes) ? duration.count : 0;
    const edge = edges.add(source, destination, "service", minuteMs, duration.count, errors, null);
    addDuration(edge.latency, duration);
  }
  return edges.list();
}

/**
 * Service minutes from `http.server.request.duration` points: service = the point's service (the sidecar's),
 * operation = "METHOD route" (the HTTP span-name convention, so it lines up with span-derived rows).
 */
export function metricPointsToServiceMinutes(points: readonly MetricPointRow[]): ServiceMinute[] {
  const minutes = new Map<string, ServiceMinute>();
  for (const point of points) {
    const duration = durationPoint(point, PROXY_METRICS.serverDuration);
    if (duration === null) continue;
    const method = stringAttribute(point.attributes, PROXY_ATTRIBUTES.method) ?? "";
    const route = stringAttribute(point.attributes, PROXY_ATTRIBUTES.route);
    const operation = route === null ? method : `${method} ${route}`.trim();
    const minuteMs = minuteOfInterval(point.startNs, point.timeNs);
    const version = versionOf(point.attributes, point.resourceAttributes);
    const key = `${point.service}\u0000${minuteMs}\u0000${operation}\u0000${route ?? ""}\u0000${version ?? ""}`;
    let minute = minutes.get(key);
    if (minute === undefined) {
      minute = {
        service: point.service,
        minuteMs,
        operation,
        route,
        version,
        requests: 0,
        errors: 0,
        latency: emptyHistogram(),
        origin: "metrics",
      };
      minutes.set(key, minute);
    }
    minute.requests += duration.count;
    if (isErrorPoint(point.attributes)) minute.errors += duration.count;
    addDuration(minute.latency, duration);
  }
  return [...minutes.values()];
}

function durationPoint(point: MetricPointRow, name: string): DurationPoint | null {
  if (point.metricName !== name) return null;
  if (point.type !== "histogram" && point.type !== "exponential_histogram") return null;
  // Cumulative points would need the previous point of the series; the contract asks for DELTA.
  if (point.temporality !== Temporality.Delta || secondsPerUnit(point.unit) === null) return null;
  return point;
}

function addDuration(target: LatencyHistogram, point: DurationPoint): void {
  const unitSeconds = secondsPerUnit(point.unit) ?? 1;
  if (point.type === "histogram") addExplicitHistogram(target, point, unitSeconds);
  else addExponentialHistogram(target, point, unitSeconds);
}

function isErrorPoint(attributes: Attributes): boolean {
  const status = attributes[PROXY_ATTRIBUTES.statusCode];
  if (typeof status === "number" && status >= 500) return true;
  const errorType = attributes[PROXY_ATTRIBUTES.errorType];
  return typeof errorType === "string" && errorType.length > 0;
}

function stringAttribute(attributes: Attributes, key: string): string | null {
  const value = attributes[key];
  return typeof value === "string" && value.length > 0 ? value : null;
}
