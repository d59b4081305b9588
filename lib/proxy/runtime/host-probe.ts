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
  /** Fails the HTTP/1.1 check in flight (close() calls it). */
  private failInFlight: (() => void) | undefined;
  /** What the kept connections were opened for: a change of kind, port or reuse closes them. */
  private settings = "";

  /** `clusterName` is the authority (Host) when the check names none. */
  constructor(
    private readonly address: string,
    private readonly clusterName: string,
  ) {}

  run(port: number, config: HealthCheckConfig): Promise<CheckResult> {
    const { check, timeoutMs, reuseConnection: reuse } = config;
    const settings = `${check.kind}/${check.kind === "http" && check.http2}/${port}/${reuse}`;
    if (settings !== this.settings) {
      this.close();
      this.settings = settings;
    }
    if (check.kind === "grpc") {
      const request = {
        method: "POST",
        path: GRPC_HEALTH_PATH,
        authority: check.authority ?? this.clusterName,
        headers: { "content-type": "application/grpc", te: "trailers", "user-agent": USER_AGENT },
        body: grpcHealthRequest(check.serviceName),
      };
      this.h2 ??= new H2ProbeChannel(this.address, port);
      return this.h2
        .exchange(request, timeoutMs, reuse)
        .then((response) => (response ? grpcHealthVerdict(response) : "failure"));
    }
    if (check.kind === "tcp") {
      this.tcp ??= new TcpProbeChannel(this.address, port);
      return this.tcp.probe(check, timeoutMs, reuse).then((passed) => (passed ? "success" : "failure"));
    }
    if (check.http2) {
      const request = {
        method: check.method,
        path: check.path,
        authority: check.host ?? this.clusterName,
        headers: checkHeaders(check),
        statusOnly: true,
      };
      this.h2 ??= new H2ProbeChannel(this.address, port);
      return this.h2
        .exchange(request, timeoutMs, reuse)
        .then((response) => (response ? classifyHttpStatus(check, response.status) : "failure"));
    }
    return this.http1(port, check, timeoutMs, reuse);
  }

  /** Closes every kept connection and ends the check in flight (it fails). */
  close(): void {
    this.h2?.close();
    this.tcp?.close();
    this.failInFlight?.();
    this.agent?.destroy();
    this.h2 = undefined;
    this.tcp = undefined;
    this.agent = undefined;
  }

  /**
   * Judged on the status once the whole response has arrived, as Envoy does; the timeout covers the body
   * too, so a reply that stalls fails the check and frees the kept connection.
   */
  private http1(port: number, check: HttpCheck, timeoutMs: number, reuse: boolean): Promise<CheckResult> {
    return new Promise<CheckResult>((resolve) => {
      // One kept connection per endpoint; without reuse a connection of its own, closed after the reply.
      if (reuse) this.agent ??= new http.Agent({ keepAlive: true, maxSockets: 1 });
      const req = http.request({
        agent: reuse ? this.agent : false,
        host: this.address,
        port,
        method: check.method,
        path: check.path,
        headers: { host: check.host ?? this.clusterName, ...checkHeaders(check) },
        setHost: false,
      });
      let settled = false;
      const finish = (result: CheckResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (this.failInFlight === fail) this.failInFlight = undefined;
        if (result === "failure") req.destroy();
        resolve(result);
      };
      const fail = () => finish("failure");
      this.failInFlight = fail;
      const timer = setTimeout(fail, timeoutMs);
      timer.unref();
      req.once("response", (res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        res.once("end", () => finish(classifyHttpStatus(check, status)));
        res.once("error", fail);
        res.once("aborted", fail);
      });
      req.once("error", fail);
      req.end();
    });
  }
}

function checkHeaders(check: HttpCheck): Record<string, string> {
  const headers: Record<string, string> = { "user-agent": USER_AGENT };
  for (const { name, value } of check.requestHeaders.add) headers[name] = value;
  return headers;
}
