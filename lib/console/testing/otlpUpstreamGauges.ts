/**
 * OTLP/JSON metric exports of the sidecar's upstream-state gauges (docs/telemetry-metrics.md, "Upstream
 * state"), for tests that put ejections and open breakers on the graph through the real ingest endpoint.
 */

import { UPSTREAM_STATE_ATTRIBUTES as A, UPSTREAM_STATE_METRICS as M } from "@/lib/telemetry/metric-contract";

/** One cluster as a caller's sidecar sees it at `timeNs`. */
export interface ClusterStateSpec {
  destination: string;
  subset?: string;
  endpoints: number;
  ejected: number;
  /** Breaker limits that are open; the others are exported as 0. */
  open?: string[];
}

export const BREAKER_LIMITS = [
  "max_connections",
  "max_pending_requests",
  "max_requests",
  "max_retries",
] as const;

const text = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** One ExportMetricsServiceRequest from one sidecar instance of `service`, with integer gauge points. */
export function otlpUpstreamGaugeRequest(
  service: string,
  instance: string,
  clusters: readonly ClusterStateSpec[],
  timeNs: bigint,
): object {
  const point = (cluster: ClusterStateSpec, value: number, extra: ReturnType<typeof text>[] = []) => ({
    timeUnixNano: timeNs.toString(),
    asInt: String(value),
    attributes: [
      text(A.sourceService, service),
      text(A.destinationService, cluster.destination),
      ...(cluster.subset ? [text(A.destinationSubset, cluster.subset)] : []),
      ...extra,
    ],
  });
  return {
    resourceMetrics: [
      {
        resource: { attributes: [text("service.name", service), text("service.instance.id", instance)] },
        scopeMetrics: [
          {
            scope: { name: "weft-console-tests", version: "1" },
            metrics: [
              {
                name: M.endpoints,
                unit: "{endpoint}",
                gauge: { dataPoints: clusters.map((c) => point(c, c.endpoints)) },
              },
              {
                name: M.ejected,
                unit: "{endpoint}",
                gauge: { dataPoints: clusters.map((c) => point(c, c.ejected)) },
              },
              {
                name: M.breakerOpen,
                unit: "1",
                gauge: {
                  dataPoints: clusters.flatMap((c) =>
                    BREAKER_LIMITS.map((limit) =>
                      point(c, c.open?.includes(limit) ? 1 : 0, [text(A.breakerLimit, limit)]),
                    ),
                  ),
                },
              },
            ],
          },
        ],
      },
    ],
  };
}
