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
