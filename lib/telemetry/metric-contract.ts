// The metric contract between the Weft sidecar (exporter) and ingest (consumer); docs/telemetry-metrics.md
// explains it. Both sides import these names so that they cannot drift apart.

/** Histograms, unit "s", DELTA temporality. */
export const PROXY_METRICS = {
  /** Requests the sidecar received for its own service (inbound listener). */
  serverDuration: "http.server.request.duration",
  /** Requests the sidecar sent on behalf of its service (outbound listener). */
  clientDuration: "http.client.request.duration",
} as const;

/** Attribute keys: OpenTelemetry semantic conventions first, then Weft's own. */
export const PROXY_ATTRIBUTES = {
  method: "http.request.method",
  statusCode: "http.response.status_code",
  route: "http.route",
  errorType: "error.type",
  serverAddress: "server.address",
  serverPort: "server.port",
  sourceService: "weft.source.service",
  destinationService: "weft.destination.service",
  destinationSubset: "weft.destination.subset",
  weftRoute: "weft.route",
  faultInjected: "weft.fault.injected",
  /** On spans only: retries would multiply metric series. */
  retries: "weft.retries",
} as const;

/** Weft's latency histogram scheme (see rollup/latency-histogram.ts): exponential, scale 3, seconds. */
export const PROXY_HISTOGRAM_SCALE = 3;

/**
 * Upstream state gauges: how each sidecar sees the clusters it sends to. Integer gauges, one point per
 * (source service, destination service, subset[, limit]) and export. A sidecar exports a cluster's points
 * while any of them is non-zero, and once more after they all return to zero, so the newest point of a
 * series is always its current state. docs/telemetry-metrics.md has the details.
 */
export const UPSTREAM_STATE_METRICS = {
  /** Endpoints in the cluster (only exported beside `ejected` or `breakerOpen`). */
  endpoints: "weft.upstream.endpoints",
  /** Endpoints currently ejected by outlier detection. */
  ejected: "weft.upstream.endpoints.ejected",
  /** 1 when the circuit breaker limit `weft.circuit_breaker.limit` refused a request during the interval or is reached now. */
  breakerOpen: "weft.upstream.circuit_breaker.open",
} as const;

export const UPSTREAM_STATE_ATTRIBUTES = {
  sourceService: PROXY_ATTRIBUTES.sourceService,
  destinationService: PROXY_ATTRIBUTES.destinationService,
  destinationSubset: PROXY_ATTRIBUTES.destinationSubset,
  /** max_connections | max_pending_requests | max_requests | max_retries (Envoy's threshold names). */
  breakerLimit: "weft.circuit_breaker.limit",
} as const;
