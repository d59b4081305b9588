/**
 * `weft proxy`, assembled: the inbound, outbound and admin listeners, the ADS client that keeps the
 * configuration current, the cluster manager that turns it into balancers and connection pools, and
 * telemetry export. Listeners start first so the inbound address registered with the control plane is the
 * real one (ports may be 0).
 */
import os from "node:os";
import { clustersDump } from "./admin/clusters-dump";
import { buildConfigDump } from "./admin/config-dump";
import { type AdminServer, startAdminServer } from "./admin/server";
import { listenersDump, type ServerState, serverInfo } from "./admin/server-info";
import { Stats } from "./admin/stats";
import type { ClusterConfig } from "./config/cluster-model";
import { DEFAULT_CIRCUIT_BREAKERS } from "./config/cluster-protection";
import type { ProxyConfig } from "./config/model";
import { connectionSettings, DOWNSTREAM_IDLE_TIMEOUT_MS } from "./dataplane/connection-settings";
import type { DataplaneContext, ListenerCounters } from "./dataplane/context";
import { RateLimitBuckets } from "./dataplane/filters";
import { handleInbound } from "./dataplane/inbound";
import { type HttpListener, listenHttp } from "./dataplane/listen";
import { handleOutbound } from "./dataplane/outbound";
import { handleUpgrade } from "./dataplane/upgrade";
import { portListener } from "./routing/route-table";
import { ClusterManager } from "./runtime/cluster-manager";
import { UpstreamStateReporter } from "./runtime/upstream-state";
import { startTelemetry, type Telemetry } from "./telemetry/telemetry";
import { randomIds } from "./util/ids";
import type { Random } from "./util/random";
import { AdsClient } from "./xds/ads-client";
import { AdsSession } from "./xds/ads-session";
import { xdsResourceDecoder } from "./xds/decoder";
import { buildNodeMessage } from "./xds/node-message";
import type { ReconnectBackoff } from "./xds/reconnect";

export interface ProxyOptions {
  readonly service: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly nodeId: string;
  readonly zone?: string;
  readonly app: { readonly host: string; readonly port: number };
  /** "host:port" of the control plane. */
  readonly xds: string;
  readonly token?: string;
  /** OTLP/HTTP base URL (…/v1/traces and …/v1/metrics are appended); no export without it. */
  readonly otlp?: string;
  readonly bind: string;
  /** Address other sidecars use to reach the inbound listener; defaults from `bind`. */
  readonly advertise?: string;
  readonly inboundPort: number;
  readonly outboundPort: number;
  readonly adminPort: number;
  readonly headersTimeoutMs: number;
  readonly maxHeaderBytes: number;
  readonly bufferLimitBytes: number;
  readonly traceSampling: number;
  readonly exportIntervalMs: number;
  readonly reconnect?: ReconnectBackoff;
  readonly random?: Random;
  readonly log?: (line: string) => void;
}

export interface RunningProxy {
  readonly inbound: string;
  readonly outbound: string;
  readonly admin: string;
  readonly nodeId: string;
  readonly stats: Stats;
  ready(): boolean;
  config(): ProxyConfig;
  /** Resolves when the admin endpoint is asked to shut the sidecar down (POST /quitquitquit). */
  readonly quitRequested: Promise<void>;
  /** Stops; with `drainMs`, requests in flight get that long to finish first. */
  close(drainMs?: number): Promise<void>;
}

const EMPTY_CONFIG: ProxyConfig = {
  listeners: new Map(),
  routeConfigs: new Map(),
  clusters: new Map(),
  loadAssignments: new Map(),
};

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const log = options.log ?? (() => {});
  const random = options.random ?? Math.random;
  const clock = () => performance.now();
  const stats = new Stats();
  const clusters = new ClusterManager({ random, clock, stats });
  const app = clusters.standalone(appCluster(options));
  let config = EMPTY_CONFIG;
  // The data plane sees no configuration until the initial one is complete (Envoy's warming), so a
  // request is never routed with listeners whose routes have not arrived yet.
  let initialized = false;
  let draining = false;
  const startedAt = performance.now();
  let requestQuit: () => void = () => {};
  const quitRequested = new Promise<void>((resolve) => {
    requestQuit = resolve;
  });
  const upstreamState = new UpstreamStateReporter(options.service);
  const telemetry: Telemetry = startTelemetry(options, stats, log, () =>
    upstreamState.collect(clusters.entries()),
  );
  const ctx: DataplaneContext = {
    service: options.service,
    nodeId: options.nodeId,
    labels: options.labels,
    random,
    ids: options.random ?? randomIds(),
    clock,
    wallClock: Date.now,
    config: () => config,
    ready: () => initialized,
    cluster: (name) => clusters.get(name),
    app,
    buckets: new RateLimitBuckets(clock),
    faults: { active: 0 },
    telemetry: telemetry.sink,
    outbound: listenerCounters(stats, "outbound"),
    inbound: listenerCounters(stats, "inbound"),
    headLimits: { maxHeaderBytes: options.maxHeaderBytes, maxHeaderCount: 100 },
    bufferLimitBytes: options.bufferLimitBytes,
    traceSampling: options.traceSampling,
  };
  const parserErrors = stats.counter(
    "downstream_rq_rejected_total",
    "Requests refused by the HTTP parser",
    {},
  );
  const listen = (port: number, side: "inbound" | "outbound") =>
    listenHttp({
      host: options.bind,
      port,
      handle: side === "inbound" ? (ex) => handleInbound(ex, ctx) : (ex) => handleOutbound(ex, ctx),
      upgrade: (req, socket, head) => handleUpgrade(req, socket, head, ctx, side),
      headersTimeoutMs: options.headersTimeoutMs,
      maxHeaderBytes: options.maxHeaderBytes,
      keepAliveTimeoutMs: DOWNSTREAM_IDLE_TIMEOUT_MS,
      // The control plane's listener for this port (Envoy-style, address-bound), when it sends one.
      connectionSettings: () =>
        connectionSettings(portListener(config, side)?.http, {
          headersTimeoutMs: options.headersTimeoutMs,
          idleTimeoutMs: DOWNSTREAM_IDLE_TIMEOUT_MS,
        }),
      onParserError: () => {
        parserErrors.value += 1;
      },
    });
  const opened: { close(): Promise<void> }[] = [];
  let inbound: HttpListener;
  let outbound: HttpListener;
  let admin: AdminServer;
  let ads: AdsClient | undefined;
  const addresses = () => ({ inbound: format(inbound), outbound: format(outbound), admin: format(admin) });
  try {
    inbound = await listen(options.inboundPort, "inbound");
    opened.push(inbound);
    outbound = await listen(options.outboundPort, "outbound");
    opened.push(outbound);
    const adsSession = new AdsSession({
      node: buildNodeMessage({
        nodeId: options.nodeId,
        service: options.service,
        labels: options.labels,
        inbound: { host: options.advertise ?? advertisedHost(options.bind), port: inbound.port },
        ...(options.zone !== undefined && { zone: options.zone }),
      }),
      decode: xdsResourceDecoder(),
      now: Date.now,
    });
    const xdsUpdates = stats.counter("xds_update_total", "xDS responses by result", { result: "accepted" });
    const xdsRejects = stats.counter("xds_update_total", "xDS responses by result", { result: "rejected" });
    const client = new AdsClient({
      address: options.xds,
      ...(options.token !== undefined && { token: options.token }),
      session: adsSession,
      random,
      ...(options.reconnect && { backoff: options.reconnect }),
      log,
      onOutcome: (outcome) => {
        if (outcome.result === "rejected") {
          xdsRejects.value += 1;
          log(`xDS: rejected ${outcome.kind} update: ${outcome.errors?.join("; ")}`);
        } else if (outcome.result === "accepted") xdsUpdates.value += 1;
        if (!outcome.changed) return;
        if (!initialized && !adsSession.ready()) return;
        if (!initialized) log("initial configuration received");
        initialized = true;
        const next = adsSession.config();
        clusters.apply(next);
        config = next;
      },
    });
    ads = client;
    stats.gauge("xds_connected", "1 while the ADS stream is up", {}, () => (client.stats.connected ? 1 : 0));
    stats.gauge("ready", "1 once the initial configuration arrived", {}, () => (initialized ? 1 : 0));
    stats.gauge("process_resident_memory_bytes", "Resident set size", {}, () => process.memoryUsage.rss());
    stats.gauge("heap_used_bytes", "V8 heap in use", {}, () => process.memoryUsage().heapUsed);
    admin = await startAdminServer(options.bind, options.adminPort, {
      ready: () => ({
        ready: initialized,
        detail: initialized
          ? `configuration from ${options.xds}`
          : `waiting for the initial configuration from ${options.xds}`,
      }),
      stats: () => stats.render(),
      configDump: () =>
        buildConfigDump({
          node: { id: options.nodeId, service: options.service, labels: options.labels },
          xds: { address: options.xds, connected: client.stats.connected, lastError: client.stats.lastError },
          ready: initialized,
          types: adsSession.status(),
          config,
        }),
      clusters: () => clustersDump(clusters.entries()),
      listeners: () => listenersDump(addresses(), config.listeners.keys()),
      serverInfo: () => {
        const state: ServerState = draining ? "DRAINING" : initialized ? "LIVE" : "INITIALIZING";
        return serverInfo({
          state,
          uptimeMs: performance.now() - startedAt,
          node: {
            id: options.nodeId,
            service: options.service,
            labels: options.labels,
            ...(options.zone !== undefined && { zone: options.zone }),
          },
          listening: addresses(),
          xds: { address: options.xds, connected: client.stats.connected },
          nodeVersion: process.version,
        });
      },
      quit: () => {
        log("admin: /quitquitquit");
        requestQuit();
      },
    });
    opened.push(admin);
    client.start();
  } catch (error) {
    await Promise.all(opened.map((o) => o.close()));
    clusters.close();
    app.pool.close();
    await telemetry.close();
    throw error;
  }
  return {
    inbound: format(inbound),
    outbound: format(outbound),
    admin: format(admin),
    nodeId: options.nodeId,
    stats,
    ready: () => initialized,
    config: () => config,
    quitRequested,
    close: async (drainMs = 0) => {
      draining = true;
      ads?.close();
      await Promise.all([inbound.close(drainMs), outbound.close(drainMs)]);
      await admin.close();
      clusters.close();
      app.pool.close();
      await telemetry.close();
    },
  };
}

/** The local application as a static cluster with one endpoint and generous limits. */
function appCluster(options: ProxyOptions): ClusterConfig {
  const name = `inbound|${options.service}`;
  const limits = 1_000_000;
  return {
    name,
    discovery: "static",
    edsServiceName: name,
    connectTimeoutMs: 5_000,
    lb: { kind: "round_robin" },
    panicThresholdPercent: 0,
    localityWeighted: false,
    circuitBreakers: {
      ...DEFAULT_CIRCUIT_BREAKERS,
      maxConnections: limits,
      maxPendingRequests: limits,
      maxRequests: limits,
    },
    healthChecks: [],
    upstreamProtocol: "downstream",
    staticEndpoints: {
      clusterName: name,
      endpoints: [
        {
          key: `${options.app.host}:${options.app.port}`,
          address: options.app.host,
          port: options.app.port,
          weight: 1,
          health: "unknown",
          locality: { region: "", zone: "", subZone: "" },
          priority: 0,
          healthCheckDisabled: true,
          labels: {},
        },
      ],
      dropOverloads: [],
      overprovisioningFactor: 140,
    },
  };
}

function listenerCounters(stats: Stats, listener: string): ListenerCounters {
  const c = (name: string, help: string) => stats.counter(name, help, { listener });
  return {
    requests: c("downstream_rq_total", "Requests received"),
    badRequests: c("downstream_rq_bad_total", "Requests refused as malformed"),
    noRoute: c("downstream_rq_no_route_total", "Requests with no route or unknown service"),
    rateLimited: c("downstream_rq_rate_limited_total", "Requests refused by the local rate limit"),
    faultsDelayed: c("fault_delays_injected_total", "Requests delayed by fault injection"),
    faultsAborted: c("fault_aborts_injected_total", "Requests aborted by fault injection"),
    upgrades: c("downstream_upgrades_total", "Upgrade (WebSocket) handshakes passed through"),
    idleTimeouts: c("downstream_rq_idle_timeout_total", "Requests ended by the stream idle timeout"),
    requestTimeouts: c("downstream_rq_timeout_total", "Requests not received whole within request_timeout"),
  };
}

/** The inbound address to register: the bind address, or this host's first IPv4 address for a wildcard bind. */
function advertisedHost(bind: string): string {
  if (bind !== "0.0.0.0" && bind !== "::") return bind;
  for (const list of Object.values(os.networkInterfaces())) {
    for (const address of list ?? [])
      if (address.family === "IPv4" && !address.internal) return address.address;
  }
  return "127.0.0.1";
}

function format(listener: { host: string; port: number }): string {
  return listener.host.includes(":")
    ? `[${listener.host}]:${listener.port}`
    : `${listener.host}:${listener.port}`;
}
