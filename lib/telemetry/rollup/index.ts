// Per-minute rollups computed at ingest from decoded rows; see docs/telemetry-metrics.md.

export { type EdgeMinute, preferMetricEdges, spansToEdges } from "./edges";
export {
  addToHistogram,
  emptyHistogram,
  HISTOGRAM_SLOTS,
  type LatencyHistogram,
  type LatencyQuantiles,
  latencyQuantiles,
  mergeHistograms,
  mergeInto,
  quantileFromHistogram,
  slotBounds,
} from "./latency-histogram";
export { metricPointsToEdges, metricPointsToServiceMinutes } from "./metric-rollups";
export { minuteOf } from "./minute";
export { type ServiceMinute, spansToServiceMinutes } from "./service-minutes";
