// Everything a flush computes before it touches the database: the COPY data, the distinct resources, the
// rollup rows and the calls left open. Pure, so that the CPU work happens outside the transaction and
// a retried transaction reuses it unchanged.

import { metricPointsToEdges, metricPointsToServiceMinutes } from "../rollup";
import type { EdgeMinute } from "../rollup/edges";
import type { ServiceMinute } from "../rollup/service-minutes";
import { spansToServiceMinutes } from "../rollup/service-minutes";
import { planSpanCalls, type SpanCallPlan } from "../rollup/span-calls";
import type { MetricPointRow, SpanRow } from "../rows";
import { encodePoints } from "../store/point-copy";
import { type ResourceRecord, ResourceSet } from "../store/resources";
import { encodeSpans } from "../store/span-copy";

export interface FlushPlan {
  spans: readonly SpanRow[];
  points: readonly MetricPointRow[];
  /** Binary COPY data for telemetry_spans / telemetry_metric_points, or null when there is none. */
  spanCopy: Buffer | null;
  pointCopy: Buffer | null;
  resources: ResourceRecord[];
  serviceMinutes: ServiceMinute[];
  metricEdges: EdgeMinute[];
  calls: SpanCallPlan;
}

export function planFlush(spans: readonly SpanRow[], points: readonly MetricPointRow[]): FlushPlan {
  const resources = new ResourceSet();
  const spanCopy = spans.length > 0 ? encodeSpans(spans, resources) : null;
  const pointCopy = points.length > 0 ? encodePoints(points, resources) : null;
  return {
    spans,
    points,
    spanCopy,
    pointCopy,
    resources: resources.list(),
    serviceMinutes: [...spansToServiceMinutes(spans), ...metricPointsToServiceMinutes(points)],
    metricEdges: metricPointsToEdges(points),
    calls: planSpanCalls(spans),
  };
}
