/**
 * Active health checking of one cluster's endpoints: HTTP (over HTTP/1.1, or HTTP/2 for codec_client_type
 * HTTP2), gRPC (grpc.health.v1.Health/Check) or TCP probes on each endpoint's own timer, with thresholds
 * and intervals from the cluster's first health check (HostHealth holds the rules). A host that turns
 * unhealthy leaves the balancer; one that passes again comes back (and is un-ejected).
 */
import type { Endpoint, HealthCheckConfig } from "../config/cluster-model";
import { type CheckResult, HostHealth, initialCheckDelayMs } from "../resilience/health-state";
import type { Random } from "../util/random";
import type { ClusterRuntime } from "./cluster-runtime";
import { HostProbe } from "./host-probe";

interface HostCheck {
  readonly endpoint: Endpoint;
  readonly health: HostHealth;
  readonly probe: HostProbe;
  timer?: NodeJS.Timeout;
  running: boolean;
}

export class HealthChecker {
  private readonly hosts = new Map<string, HostCheck>();
  private stopped = false;

  constructor(
    private config: HealthCheckConfig,
    private readonly runtime: ClusterRuntime,
    private readonly random: Random,
    private readonly clock: () => number,
  ) {}

  /** Re-reads the endpoint list: new hosts start checking, removed ones stop. */
  sync(config: HealthCheckConfig): void {
    this.config = config;
    const wanted = new Map(
      this.runtime
        .allEndpoints()
        .filter((e) => !e.healthCheckDisabled)
        .map((e) => [e.key, e]),
    );
    for (const [key, check] of this.hosts) {
      if (!wanted.has(key)) {
        clearTimeout(check.timer);
        check.probe.close();
        this.hosts.delete(key);
      }
    }
    for (const [key, endpoint] of wanted) {
      if (this.hosts.has(key)) continue;
      const check: HostCheck = {
        endpoint,
        health: new HostHealth({
          healthyThreshold: config.healthyThreshold,
          unhealthyThreshold: config.unhealthyThreshold,
        }),
        probe: new HostProbe(endpoint.address, this.runtime.name),
        running: false,
      };
      this.hosts.set(key, check);
      this.schedule(check, initialCheckDelayMs(config, this.random));
    }
  }

  status(key: string): "pending" | "healthy" | "unhealthy" | undefined {
    return this.hosts.get(key)?.health.status;
  }

  stop(): void {
    this.stopped = true;
    for (const check of this.hosts.values()) {
      clearTimeout(check.timer);
      check.probe.close();
    }
    this.hosts.clear();
  }

  private schedule(check: HostCheck, delayMs: number): void {
    if (this.stopped) return;
    check.timer = setTimeout(() => this.run(check), delayMs);
    check.timer.unref();
  }

  private run(check: HostCheck): void {
    if (this.stopped || this.hosts.get(check.endpoint.key) !== check || check.running) return;
    check.running = true;
    // A probe that throws counts as a failed check, and the host keeps being checked.
    const { endpoint } = check;
    const port = this.config.altPort ?? endpoint.healthCheckPort ?? endpoint.port;
    new Promise<CheckResult>((resolve) => resolve(check.probe.run(port, this.config)))
      .catch((): CheckResult => "failure")
      .then((result) => {
        check.running = false;
        if (this.stopped || this.hosts.get(endpoint.key) !== check) return;
        const counters = this.runtime.counters;
        if (result === "success") counters.healthCheckSuccess.value += 1;
        else counters.healthCheckFailure.value += 1;
        check.health.record(result);
        this.runtime.setCheckFailing(endpoint.key, check.health.status === "unhealthy", this.clock());
        this.schedule(check, check.health.nextDelayMs(this.config, this.random));
      });
  }
}
