/**
 * Keeps one ClusterRuntime (plus its connection pool, outlier timer and health checker) per cluster of the
 * active configuration. Clusters whose Cluster and ClusterLoadAssignment objects did not change are left
 * alone; a removed cluster stops taking new requests at once and closes its connections once its requests
 * in flight are done, so a configuration change never cuts a request.
 */
import type { Stats } from "../admin/stats";
import type { ClusterConfig, ClusterLoadAssignment } from "../config/cluster-model";
import type { ProxyConfig } from "../config/model";
import type { UpstreamCluster } from "../dataplane/context";
import { poolLimits, UpstreamPool } from "../upstream/pool";
import type { Clock, Random } from "../util/random";
import { ClusterRuntime } from "./cluster-runtime";
import { HealthChecker } from "./health-checker";

interface ManagedCluster extends UpstreamCluster {
  readonly runtime: ClusterRuntime;
  readonly pool: UpstreamPool;
  assignment: ClusterLoadAssignment | undefined;
  outlierTimer?: NodeJS.Timeout;
  outlierIntervalMs?: number;
  health?: HealthChecker;
}

export interface ClusterManagerDeps {
  readonly random: Random;
  readonly clock: Clock;
  readonly stats: Stats;
}

const DRAIN_CHECK_MS = 1_000;
const MAX_DRAIN_MS = 120_000;

export class ClusterManager {
  private readonly clusters = new Map<string, ManagedCluster>();

  constructor(private readonly deps: ClusterManagerDeps) {}

  get(name: string): UpstreamCluster | undefined {
    return this.clusters.get(name);
  }

  entries(): [string, UpstreamCluster][] {
    return [...this.clusters.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Builds or updates the clusters of `config`, and drains those no longer in it. */
  apply(config: ProxyConfig): void {
    for (const [name, cluster] of config.clusters) {
      const assignment =
        cluster.discovery === "eds" ? config.loadAssignments.get(cluster.edsServiceName) : undefined;
      const existing = this.clusters.get(name);
      if (!existing) this.clusters.set(name, this.create(cluster, assignment));
      else if (existing.runtime.config !== cluster || existing.assignment !== assignment)
        this.update(existing, cluster, assignment);
    }
    for (const [name, managed] of this.clusters) {
      if (config.clusters.has(name)) continue;
      this.clusters.delete(name);
      this.retire(managed);
    }
  }

  /** A cluster the manager does not track (the local app behind the inbound listener). */
  standalone(config: ClusterConfig): UpstreamCluster {
    const runtime = new ClusterRuntime(config, undefined, this.deps);
    return { runtime, pool: new UpstreamPool(poolLimits(config)) };
  }

  close(): void {
    for (const managed of this.clusters.values()) this.stop(managed);
    this.clusters.clear();
  }

  private create(config: ClusterConfig, assignment: ClusterLoadAssignment | undefined): ManagedCluster {
    const runtime = new ClusterRuntime(config, assignment, this.deps);
    const managed: ManagedCluster = {
      runtime,
      pool: new UpstreamPool(poolLimits(config)),
      assignment,
    };
    this.syncTimers(managed);
    return managed;
  }

  private update(
    managed: ManagedCluster,
    config: ClusterConfig,
    assignment: ClusterLoadAssignment | undefined,
  ): void {
    managed.runtime.update(config, assignment);
    if (assignment !== managed.assignment) managed.pool.retainEndpoints(managed.runtime.allEndpoints());
    managed.assignment = assignment;
    managed.pool.setLimits(poolLimits(config));
    this.syncTimers(managed);
  }

  private syncTimers(managed: ManagedCluster): void {
    const { runtime } = managed;
    const interval = runtime.config.outlierDetection?.intervalMs;
    if (interval !== managed.outlierIntervalMs) {
      clearInterval(managed.outlierTimer);
      managed.outlierTimer = undefined;
      managed.outlierIntervalMs = interval;
      if (interval !== undefined) {
        managed.outlierTimer = setInterval(() => runtime.tickOutlier(this.deps.clock()), interval);
        managed.outlierTimer.unref();
      }
    }
    const check = runtime.config.healthChecks[0];
    if (!check) {
      managed.health?.stop();
      managed.health = undefined;
      for (const endpoint of runtime.allEndpoints())
        runtime.setCheckFailing(endpoint.key, false, this.deps.clock());
      return;
    }
    managed.health ??= new HealthChecker(check, runtime, this.deps.random, this.deps.clock);
    managed.health.sync(check);
  }

  private retire(managed: ManagedCluster): void {
    clearInterval(managed.outlierTimer);
    managed.health?.stop();
    const started = this.deps.clock();
    const timer = setInterval(() => {
      const idle = managed.runtime.breaker.count("requests") === 0;
      if (idle || this.deps.clock() - started > MAX_DRAIN_MS) {
        clearInterval(timer);
        this.stop(managed);
      }
    }, DRAIN_CHECK_MS);
    timer.unref();
  }

  private stop(managed: ManagedCluster): void {
    clearInterval(managed.outlierTimer);
    managed.health?.stop();
    managed.pool.close();
    if (!this.clusters.has(managed.runtime.name))
      this.deps.stats.removeSeries("cluster", managed.runtime.name);
  }
}
