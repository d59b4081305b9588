/** Per-cluster statistics (named after Envoy's cluster stats), resolved once per cluster. */
import type { Counter, Stats } from "../admin/stats";
import type { ClusterRuntime } from "./cluster-runtime";

export interface ClusterCounters {
  readonly requests: Counter;
  /** Responses by class: index 1 = 1xx … 5 = 5xx. */
  readonly byClass: readonly Counter[];
  readonly retries: Counter;
  readonly retryOverflow: Counter;
  readonly retrySuccess: Counter;
  readonly timeouts: Counter;
  readonly perTryTimeouts: Counter;
  readonly connectFailures: Counter;
  readonly resets: Counter;
  readonly protocolErrors: Counter;
  readonly overflow: Counter;
  readonly pendingOverflow: Counter;
  readonly noHealthyUpstream: Counter;
  readonly ejections: Counter;
  readonly healthCheckSuccess: Counter;
  readonly healthCheckFailure: Counter;
  readonly mirrored: Counter;
}

export function clusterCounters(stats: Stats, cluster: string, runtime: ClusterRuntime): ClusterCounters {
  const labels = { cluster };
  const c = (name: string, help: string) => stats.counter(name, help, labels);
  const byClass = [0, 1, 2, 3, 4, 5].map((n) =>
    stats.counter("upstream_rq_by_class_total", "Upstream responses by status class", {
      cluster,
      class: `${n}xx`,
    }),
  );
  stats.gauge("membership_total", "Endpoints in the cluster", labels, () => runtime.allEndpoints().length);
  stats.gauge(
    "membership_healthy",
    "Endpoints the balancer uses (not ejected, not failing health checks)",
    labels,
    () => runtime.currentSelection().available,
  );
  stats.gauge("outlier_ejections_active", "Endpoints currently ejected", labels, () =>
    runtime.outlier ? runtime.outlier.ejectedKeys().length : 0,
  );
  stats.gauge("upstream_rq_active", "Requests in flight", labels, () => runtime.breaker.count("requests"));
  return {
    requests: c("upstream_rq_total", "Upstream attempts"),
    byClass,
    retries: c("upstream_rq_retry_total", "Retries made"),
    retryOverflow: c(
      "upstream_rq_retry_overflow_total",
      "Retries refused by the retry budget or max_retries",
    ),
    retrySuccess: c("upstream_rq_retry_success_total", "Retries that got a non-retriable answer"),
    timeouts: c("upstream_rq_timeout_total", "Requests that hit the route timeout"),
    perTryTimeouts: c("upstream_rq_per_try_timeout_total", "Attempts that hit the per-try timeout"),
    connectFailures: c("upstream_cx_connect_fail_total", "Connection failures"),
    resets: c("upstream_rq_reset_total", "Attempts reset before a complete response"),
    protocolErrors: c("upstream_rq_protocol_error_total", "Invalid upstream responses"),
    overflow: c("upstream_rq_overflow_total", "Requests refused by the circuit breaker"),
    pendingOverflow: c("upstream_rq_pending_overflow_total", "Requests refused by max_pending_requests"),
    noHealthyUpstream: c("upstream_rq_no_healthy_total", "Requests with no usable endpoint"),
    ejections: c("outlier_ejections_total", "Outlier ejections"),
    healthCheckSuccess: c("health_check_success_total", "Active health checks passed"),
    healthCheckFailure: c("health_check_failure_total", "Active health checks failed"),
    mirrored: c("upstream_rq_mirror_total", "Requests mirrored to this cluster"),
  };
}
