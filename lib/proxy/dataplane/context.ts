/** Everything the request handlers need from the running proxy, behind one interface for tests. */
import type { Counter } from "../admin/stats";
import type { ProxyConfig } from "../config/model";
import type { HeadLimits } from "../http/request-head";
import type { IdSource } from "../http/traceparent";
import type { ClusterRuntime } from "../runtime/cluster-runtime";
import type { TelemetrySink } from "../telemetry/record";
import type { UpstreamPool } from "../upstream/pool";
import type { Clock, Random } from "../util/random";
import type { RateLimitBuckets } from "./filters";

export interface UpstreamCluster {
  readonly runtime: ClusterRuntime;
  readonly pool: UpstreamPool;
}

export interface ListenerCounters {
  readonly requests: Counter;
  readonly badRequests: Counter;
  readonly noRoute: Counter;
  readonly rateLimited: Counter;
  readonly faultsDelayed: Counter;
  readonly faultsAborted: Counter;
  readonly upgrades: Counter;
  readonly idleTimeouts: Counter;
  readonly requestTimeouts: Counter;
}

export interface DataplaneContext {
  readonly service: string;
  readonly nodeId: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly random: Random;
  /** Span and trace ids (used only while telemetry is on; otherwise trace headers pass through). */
  readonly ids: IdSource;
  /** Monotonic milliseconds. */
  readonly clock: Clock;
  /** Epoch milliseconds, for fault expiry. */
  readonly wallClock: () => number;
  config(): ProxyConfig;
  /** False until the initial configuration is complete. */
  ready(): boolean;
  cluster(name: string): UpstreamCluster | undefined;
  /** The local application, behind the inbound listener. */
  readonly app: UpstreamCluster;
  readonly buckets: RateLimitBuckets;
  readonly faults: { active: number };
  readonly telemetry: TelemetrySink;
  readonly outbound: ListenerCounters;
  readonly inbound: ListenerCounters;
  readonly headLimits: HeadLimits;
  /** Request bodies up to this size are kept for retries and mirrors. */
  readonly bufferLimitBytes: number;
  /** Share of new traces (no incoming traceparent) that are sampled, 0..1. */
  readonly traceSampling: number;
}

/** The connection manager's timeout counters, from how a forwarded request ended. */
export function countStreamTimeouts(counters: ListenerCounters, errorType: string | undefined): void {
  if (errorType === "stream_idle_timeout") counters.idleTimeouts.value += 1;
  else if (errorType === "request_timeout") counters.requestTimeouts.value += 1;
}
