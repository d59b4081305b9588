/**
 * Test harness for the proxy's integration tests: a real xDS server (lib/xds) fed with snapshots built by
 * the control plane's own translator from a mesh config in YAML, sidecars started in-process on free
 * ports, and small HTTP applications. Test support only.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseMeshConfig } from "@/lib/mesh/parse";
import { validateMeshConfig } from "@/lib/mesh/validate/validateMeshConfig";
import { startXdsServer, type XdsServer } from "@/lib/xds/server";
import { SnapshotCache } from "@/lib/xds/snapshot/cache";
import { buildSnapshot, type ResourceObjects } from "@/lib/xds/snapshot/snapshot";
import type { XdsHooks } from "@/lib/xds/stream/events";
import { translateForNode } from "@/lib/xds/translate/translateForNode";
import type { RegistryEndpoint } from "@/lib/xds/translate/types";
import { type ProxyOptions, type RunningProxy, startProxy } from "../proxy";

export interface ControlPlane {
  readonly address: string;
  readonly port: number;
  readonly cache: SnapshotCache;
  /** Publishes the mesh (YAML) with these instances to every listed node. */
  publish(
    yaml: string,
    registry: readonly RegistryEndpoint[],
    nodeIds: readonly string[],
    extra?: ResourceObjects,
  ): void;
  /** Publishes hand-built resources to the listed nodes (no consistency check). */
  publishResources(resources: ResourceObjects, nodeIds: readonly string[]): void;
  stop(): Promise<void>;
  /** Starts again on the same port with the same cache (after stop). */
  restart(): Promise<void>;
}

export async function startControlPlane(hooks: XdsHooks = {}, port = 0): Promise<ControlPlane> {
  const cache = new SnapshotCache();
  let server: XdsServer | undefined = await startXdsServer({ host: "127.0.0.1", port, cache, hooks });
  const boundPort = server.port;
  return {
    address: `127.0.0.1:${boundPort}`,
    port: boundPort,
    cache,
    publish(yaml, registry, nodeIds, extra) {
      for (const id of nodeIds) {
        const resources = translate(yaml, registry, id);
        const merged: ResourceObjects = {
          listeners: [...(resources.listeners ?? []), ...(extra?.listeners ?? [])],
          routes: [...(resources.routes ?? []), ...(extra?.routes ?? [])],
          clusters: [...(resources.clusters ?? []), ...(extra?.clusters ?? [])],
          endpoints: [...(resources.endpoints ?? []), ...(extra?.endpoints ?? [])],
        };
        cache.set(id, buildSnapshot(merged));
      }
    },
    publishResources(resources, nodeIds) {
      const snapshot = buildSnapshot(resources);
      for (const id of nodeIds) cache.set(id, snapshot, { skipConsistencyCheck: true });
    },
    async stop() {
      await server?.close();
      server = undefined;
    },
    async restart() {
      server = await startXdsServer({ host: "127.0.0.1", port: boundPort, cache, hooks });
    },
  };
}

/** What the control plane's translator gives a weft-proxy node for this mesh (YAML) and these instances. */
export function translate(
  yaml: string,
  registry: readonly RegistryEndpoint[],
  nodeId: string,
): ResourceObjects {
  const parsed = parseMeshConfig(yaml, "yaml");
  if (!parsed.ok) throw new Error(`mesh config: ${JSON.stringify(parsed.errors)}`);
  const validation = validateMeshConfig(parsed.config);
  if (!validation.ok) throw new Error(`mesh config: ${JSON.stringify(validation.errors)}`);
  const { listeners, routes, clusters, endpoints } = translateForNode(
    parsed.config,
    registry,
    { id: nodeId, capabilities: { client: "weft-proxy" } },
    new Date(),
  );
  return { listeners, routes, clusters, endpoints };
}

export function testProxy(
  controlPlane: { address: string },
  options: Partial<ProxyOptions> & { service: string; app: { host: string; port: number } },
): Promise<RunningProxy> {
  return startProxy({
    labels: {},
    nodeId: `${options.service}-${Math.random().toString(16).slice(2, 8)}`,
    xds: controlPlane.address,
    bind: "127.0.0.1",
    inboundPort: 0,
    outboundPort: 0,
    adminPort: 0,
    headersTimeoutMs: 10_000,
    maxHeaderBytes: 60 * 1024,
    bufferLimitBytes: 1024 * 1024,
    traceSampling: 1,
    exportIntervalMs: 10_000,
    reconnect: { baseMs: 50, maxMs: 500 },
    ...options,
  });
}

export interface TestApp {
  readonly port: number;
  readonly host: "127.0.0.1";
  /** Requests served so far. */
  count: number;
  close(): Promise<void>;
}

/** An HTTP app answering with its name; `handler` may take over (return true when it answered). */
export async function startApp(
  name: string,
  handler?: (req: http.IncomingMessage, res: http.ServerResponse, app: TestApp) => boolean | undefined,
): Promise<TestApp> {
  const app: TestApp = { port: 0, host: "127.0.0.1", count: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    app.count += 1;
    if (handler?.(req, res, app)) return;
    req.resume();
    req.on("end", () => {
      const body = JSON.stringify({ app: name, path: req.url, headers: req.headers });
      res.writeHead(200, { "content-type": "application/json", "x-app": name });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  (app as { port: number }).port = (server.address() as AddressInfo).port;
  app.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return app;
}

export interface HttpResult {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One HTTP/1.1 request to `address` ("host:port") with the given Host, on a shared keep-alive agent. */
export function request(
  address: string,
  host: string,
  path = "/",
  options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string; agent?: http.Agent } = {},
): Promise<HttpResult> {
  const [hostname, port] = splitAddress(address);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port,
        path,
        method: options.method ?? "GET",
        headers: { host, ...options.headers },
        agent: options.agent ?? sharedAgent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

export const sharedAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(":");
  return [address.slice(0, colon).replace(/^\[|\]$/g, ""), Number(address.slice(colon + 1))];
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The inbound address a proxy registers, as a registry entry for translateForNode. */
export function instance(
  service: string,
  proxy: RunningProxy,
  labels: Record<string, string> = {},
  extra: Partial<RegistryEndpoint> = {},
): RegistryEndpoint {
  const [address, port] = splitAddress(proxy.inbound);
  return { service, address, port, labels, ...extra };
}
