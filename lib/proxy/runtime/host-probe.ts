/**
 * One endpoint's health-check probe: HTTP (over HTTP/1.1, or HTTP/2 for codec_client_type HTTP2), gRPC
 * (grpc.health.v1.Health/Check) or TCP, and the connection each kind keeps for the next check while
 * reuse_connection is on (Envoy's default).
 */
import http from "node:http";
import type { HealthCheckConfig, HealthCheckKind } from "../config/cluster-model";
import { GRPC_HEALTH_PATH, grpcHealthRequest, grpcHealthVerdict } from "../resilience/grpc-health";
import { type CheckResult, classifyHttpStatus } from "../resilience/health-state";
import { H2ProbeChannel } from "./h2-probe";
import { TcpProbeChannel } from "./tcp-probe";

const USER_AGENT = "weft-proxy-health";

type HttpCheck = Extract<HealthCheckKind, { kind: "http" }>;

export class HostProbe {
  private h2: H2ProbeChannel | undefined;
  private tcp: TcpProbeChannel | undefined;
  private agent: http.Agent | undefined;

  /** `clusterName` is the authority (Host) when the check names none. */
  constructor(
    private readonly address: string,
    private readonly clusterName: string,
  ) {}

  run(port: number, config: HealthCheckConfig): Promise<CheckResult> {
    const { check, timeoutMs, reuseConnection: reuse } = config;
    if (check.kind === "grpc") {
      const request = {
        method: "POST",
        path: GRPC_HEALTH_PATH,
        authority: check.authority ?? this.clusterName,
        headers: { "content-type": "application/grpc", te: "trailers", "user-agent": USER_AGENT },
        body: grpcHealthRequest(check.serviceName),
      };
      return this.h2Channel(port)
        .exchange(request, timeoutMs, reuse)
        .then((response) => (response ? grpcHealthVerdict(response) : "failure"));
    }
    if (check.kind === "tcp") {
      return this.tcpChannel(port)
        .probe(check, timeoutMs, reuse)
        .then((passed) => (passed ? "success" : "failure"));
    }
    if (check.http2) {
      const request = {
        method: check.method,
        path: check.path,
        authority: check.host ?? this.clusterName,
        headers: checkHeaders(check),
        statusOnly: true,
      };
      return this.h2Channel(port)
        .exchange(request, timeoutMs, reuse)
        .then((response) => (response ? classifyHttpStatus(check, response.status) : "failure"));
    }
    return this.http1(port, check, timeoutMs, reuse);
  }

  close(): void {
    this.h2?.close();
    this.tcp?.close();
    this.agent?.destroy();
  }

  private h2Channel(port: number): H2ProbeChannel {
    if (this.h2?.port !== port) {
      this.h2?.close();
      this.h2 = new H2ProbeChannel(this.address, port);
    }
    return this.h2;
  }

  private tcpChannel(port: number): TcpProbeChannel {
    if (this.tcp?.port !== port) {
      this.tcp?.close();
      this.tcp = new TcpProbeChannel(this.address, port);
    }
    return this.tcp;
  }

  private http1(port: number, check: HttpCheck, timeoutMs: number, reuse: boolean): Promise<CheckResult> {
    return new Promise<CheckResult>((resolve) => {
      // One kept connection per endpoint; without reuse a connection of its own, closed after the reply.
      this.agent ??= new http.Agent({ keepAlive: true, maxSockets: 1 });
      const req = http.request({
        agent: reuse ? this.agent : false,
        host: this.address,
        port,
        method: check.method,
        path: check.path,
        headers: { host: check.host ?? this.clusterName, ...checkHeaders(check) },
        setHost: false,
      });
      const timer = setTimeout(() => req.destroy(new Error("timeout")), timeoutMs);
      req.once("response", (res) => {
        clearTimeout(timer);
        res.resume();
        resolve(classifyHttpStatus(check, res.statusCode ?? 0));
      });
      req.once("error", () => {
        clearTimeout(timer);
        resolve("failure");
      });
      req.end();
    });
  }
}

function checkHeaders(check: HttpCheck): Record<string, string> {
  const headers: Record<string, string> = { "user-agent": USER_AGENT };
  for (const { name, value } of check.requestHeaders.add) headers[name] = value;
  return headers;
}
