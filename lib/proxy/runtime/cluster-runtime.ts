/**
 * The live state of one upstream cluster: its endpoints, the load balancer over the hosts currently usable
 * (outlier ejections and failing health checks excluded, panic threshold applied), the circuit breaker and
 * the outlier detector. No sockets and no timers here: the cluster manager drives it.
 */

import type { Stats } from "../admin/stats";
import type { ClusterConfig, ClusterLoadAssignment, Endpoint } from "../config/cluster-model";
import { createLoadBalancer } from "../lb/create";
import { type HostSetSelection, type LbEndpoint, selectHosts } from "../lb/host-set";
import type { LoadBalancer } from "../lb/types";
import { CircuitBreaker } from "../resilience/circuit-breaker";
import { OutlierDetector, type OutlierEvent, type UpstreamResult } from "../resilience/outlier-detector";
import type { Random } from "../util/random";
import { type ClusterCounters, clusterCounters } from "./cluster-counters";

export interface ClusterDeps {
  readonly random: Random;
  readonly stats: Stats;
}

export class ClusterRuntime {
  config: ClusterConfig;
  breaker: CircuitBreaker;
  outlier: OutlierDetector | undefined;
  readonly counters: ClusterCounters;
  /** In-flight requests per host key, for least_request and /clusters. */
  readonly active = new Map<string, number>();
  private endpoints: readonly Endpoint[] = [];
  private readonly checkFailing = new Set<string>();
  private selection!: HostSetSelection;
  private lb!: LoadBalancer<LbEndpoint>;

  constructor(
    config: ClusterConfig,
    assignment: ClusterLoadAssignment | undefined,
    private readonly deps: ClusterDeps,
  ) {
    this.config = config;
    this.breaker = new CircuitBreaker(config.circuitBreakers);
    this.outlier = config.outlierDetection && new OutlierDetector(config.outlierDetection, deps.random);
    this.counters = clusterCounters(deps.stats, config.name, this);
    this.setEndpoints(endpointsOf(config, assignment));
  }

  get name(): string {
    return this.config.name;
  }

  /** Applies a new Cluster and/or ClusterLoadAssignment; state of hosts that remain is kept. */
  update(config: ClusterConfig, assignment: ClusterLoadAssignment | undefined): void {
    if (config !== this.config) {
      if (config.circuitBreakers !== this.config.circuitBreakers)
        this.breaker = new CircuitBreaker(config.circuitBreakers);
      const outlier = config.outlierDetection;
      if (!outlier) this.outlier = undefined;
      else if (!this.outlier || !sameJson(outlier, this.config.outlierDetection))
        this.outlier = new OutlierDetector(outlier, this.deps.random);
      this.config = config;
    }
    this.setEndpoints(endpointsOf(config, assignment));
  }

  allEndpoints(): readonly Endpoint[] {
    return this.endpoints;
  }

  /** The hosts the balancer currently uses and whether the cluster is in panic. */
  currentSelection(): HostSetSelection {
    return this.selection;
  }

  /**
   * A host for one attempt. A host in `avoid` (hosts already tried) is picked again only when `attempts`
   * more picks found none other; the last pick is used then, as Envoy's retry host predicates do.
   */
  pick(hash: number | undefined, avoid?: ReadonlySet<string>, attempts = 3): LbEndpoint | undefined {
    const context = hash === undefined ? undefined : { hash };
    let host = this.lb.pick(context);
    if (!host || avoid === undefined || avoid.size === 0 || this.selection.hosts.length < 2) return host;
    for (let i = 0; i < attempts && avoid.has(host.key); i++) {
      host = this.lb.pick(hash === undefined ? undefined : { hash: (hash + i + 1) >>> 0 }) ?? host;
    }
    return host;
  }

  requestStarted(key: string): void {
    this.active.set(key, (this.active.get(key) ?? 0) + 1);
  }

  requestEnded(key: string): void {
    const n = (this.active.get(key) ?? 1) - 1;
    if (n <= 0) this.active.delete(key);
    else this.active.set(key, n);
  }

  /** Feeds one attempt's result to outlier detection; an ejection rebuilds the balancer. */
  recordResult(key: string, result: UpstreamResult, nowMs: number): OutlierEvent | undefined {
    const event = this.outlier?.record(key, result, nowMs);
    if (event) {
      this.counters.ejections.value += 1;
      this.rebuild();
    }
    return event;
  }

  /** The outlier detector's interval tick: ends ejections whose time is up, ejects the interval's outliers. */
  tickOutlier(nowMs: number): OutlierEvent[] {
    const events = this.outlier?.tick(nowMs) ?? [];
    for (const event of events) if (event.kind === "ejected") this.counters.ejections.value += 1;
    if (events.length > 0) this.rebuild();
    return events;
  }

  /** Active health checking changed a host's state. */
  setCheckFailing(key: string, failing: boolean, nowMs: number): void {
    const was = this.checkFailing.has(key);
    if (failing) this.checkFailing.add(key);
    else {
      this.checkFailing.delete(key);
      if (this.outlier?.onHealthCheckSuccess(key, nowMs)) this.rebuild();
    }
    if (was !== failing) this.rebuild();
  }

  isCheckFailing(key: string): boolean {
    return this.checkFailing.has(key);
  }

  private setEndpoints(endpoints: readonly Endpoint[]): void {
    this.endpoints = endpoints;
    const keys = new Set(endpoints.map((e) => e.key));
    this.outlier?.setHosts(keys);
    for (const key of [...this.checkFailing]) if (!keys.has(key)) this.checkFailing.delete(key);
    this.rebuild();
  }

  private rebuild(): void {
    const outlier = this.outlier;
    this.selection = selectHosts(this.endpoints, {
      panicThresholdPercent: this.config.panicThresholdPercent,
      localityWeighted: this.config.localityWeighted,
      ...(outlier && { isEjected: (key: string) => outlier.isEjected(key) }),
      isCheckFailing: (key) => this.checkFailing.has(key),
    });
    this.lb = createLoadBalancer(this.config.lb, this.selection.hosts, {
      random: this.deps.random,
      activeRequests: (host) => this.active.get(host.key) ?? 0,
    });
  }
}

function endpointsOf(
  config: ClusterConfig,
  assignment: ClusterLoadAssignment | undefined,
): readonly Endpoint[] {
  if (config.discovery === "eds") return assignment?.endpoints ?? [];
  return config.staticEndpoints?.endpoints ?? [];
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
