/**
 * Active health checking of one cluster's endpoints: HTTP (over HTTP/1.1, or HTTP/2 for codec_client_type
 * HTTP2), gRPC (grpc.health.v1.Health/Check) or TCP probes on each endpoint's own timer, with thresholds
 * and intervals from the cluster's first health check (HostHealth holds the rules). A host that turns
 * unhealthy leaves the balancer; one that passes again comes back (and is un-ejected).
 */
import http from "node:http";
import net from "node:net";
import type { Endpoint, HealthCheckConfig, HealthCheckKind } from "../config/cluster-model";
import { GRPC_HEALTH_PATH, grpcHealthRequest, grpcHealthVerdict } from "../resilience/grpc-health";
import {
  type CheckResult,
  classifyHttpStatus,
  HostHealth,
  initialCheckDelayMs,
} from "../resilience/health-state";
import type { Random } from "../util/random";
import type { ClusterRuntime } from "./cluster-runtime";
import { probeH2 } from "./h2-probe";

interface HostCheck {
  readonly endpoint: Endpoint;
  readonly health: HostHealth;
  timer?: NodeJS.Timeout;
  running: boolean;
}

export class HealthChecker {
  private readonly hosts = new Map<string, HostCheck>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
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
    for (const check of this.hosts.values()) clearTimeout(check.timer);
    this.hosts.clear();
    this.agent.destroy();
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
    new Promise<CheckResult>((resolve) => resolve(this.probe(check.endpoint)))
      .catch((): CheckResult => "failure")
      .then((result) => {
        check.running = false;
        if (this.stopped || this.hosts.get(check.endpoint.key) !== check) return;
        const counters = this.runtime.counters;
        if (result === "success") counters.healthCheckSuccess.value += 1;
        else counters.healthCheckFailure.value += 1;
        check.health.record(result);
        this.runtime.setCheckFailing(check.endpoint.key, check.health.status === "unhealthy", this.clock());
        this.schedule(check, check.health.nextDelayMs(this.config, this.random));
      });
  }

  private probe(endpoint: Endpoint): Promise<CheckResult> {
    const port = this.config.altPort ?? endpoint.healthCheckPort ?? endpoint.port;
    const kind = this.config.check;
    const timeoutMs = this.config.timeoutMs;
    if (kind.kind === "grpc") {
      const request = {
        method: "POST",
        path: GRPC_HEALTH_PATH,
        authority: kind.authority ?? this.runtime.name,
        headers: { "content-type": "application/grpc", te: "trailers", "user-agent": USER_AGENT },
        body: grpcHealthRequest(kind.serviceName),
      };
      return probeH2(endpoint.address, port, request, timeoutMs).then((response) =>
        response ? grpcHealthVerdict(response) : "failure",
      );
    }
    if (kind.kind === "http" && kind.http2) {
      const request = {
        method: kind.method,
        path: kind.path,
        authority: kind.host ?? this.runtime.name,
        headers: this.httpCheckHeaders(kind),
        statusOnly: true,
      };
      return probeH2(endpoint.address, port, request, timeoutMs).then((response) =>
        response ? classifyHttpStatus(kind, response.status) : "failure",
      );
    }
    return new Promise<CheckResult>((resolve) => {
      if (kind.kind !== "http") {
        // TCP: a connection that opens in time passes.
        const socket = net.connect({ host: endpoint.address, port });
        socket.setTimeout(timeoutMs, () => socket.destroy(new Error("timeout")));
        socket.once("connect", () => {
          socket.destroy();
          resolve("success");
        });
        socket.once("error", () => resolve("failure"));
        return;
      }
      const headers = { host: kind.host ?? this.runtime.name, ...this.httpCheckHeaders(kind) };
      const req = http.request({
        agent: this.agent,
        host: endpoint.address,
        port,
        method: kind.method,
        path: kind.path,
        headers,
        setHost: false,
      });
      const timer = setTimeout(() => req.destroy(new Error("timeout")), timeoutMs);
      req.once("response", (res) => {
        clearTimeout(timer);
        res.resume();
        resolve(classifyHttpStatus(kind, res.statusCode ?? 0));
      });
      req.once("error", () => {
        clearTimeout(timer);
        resolve("failure");
      });
      req.end();
    });
  }

  private httpCheckHeaders(kind: Extract<HealthCheckKind, { kind: "http" }>): Record<string, string> {
    const headers: Record<string, string> = { "user-agent": USER_AGENT };
    for (const { name, value } of kind.requestHeaders.add) headers[name] = value;
    return headers;
  }
}

const USER_AGENT = "weft-proxy-health";
