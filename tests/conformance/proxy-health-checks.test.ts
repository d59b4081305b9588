import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProxy } from "@/lib/proxy/proxy";
import { HTTP2_UPSTREAM_OPTIONS, quickHealthChecks } from "@/lib/proxy/testing/cluster-options";
import { ECHO_SERVICE, type EchoMessage, echoClient, unary } from "@/lib/proxy/testing/grpc-echo";
import {
  type ControlPlane,
  request,
  startApp,
  startControlPlane,
  type TestApp,
  testProxy,
  translate,
  waitFor,
} from "@/lib/proxy/testing/harness";
import type { RegistryEndpoint } from "@/lib/xds/translate/types";

// Active health checks that need HTTP/2: grpc_health_check against grpc-js servers implementing
// grpc.health.v1 (built by proto-loader from tests/conformance/grpc-health.proto), and an HTTP check with
// codec_client_type HTTP2 against servers that speak only HTTP/2. An endpoint that fails its check gets no
// traffic; one that passes again comes back.

const HEALTH_PROTO = fileURLToPath(new URL("./grpc-health.proto", import.meta.url));
const SERVING = "SERVING";
const HEALTH_BODY = Buffer.alloc(100_000, "h");
const NOT_SERVING = "NOT_SERVING";

interface GrpcBackend {
  readonly name: string;
  readonly port: number;
  status: string;
  close(): void;
}

/** An echo server that also answers grpc.health.v1.Health/Check for service "echo" with `status`. */
async function startGrpcBackend(name: string): Promise<GrpcBackend> {
  const definition = protoLoader.loadSync(HEALTH_PROTO, { keepCase: true, enums: String });
  const health = definition["grpc.health.v1.Health"] as grpc.ServiceDefinition;
  const server = new grpc.Server();
  const backend = { name, port: 0, status: SERVING, close: () => server.forceShutdown() };
  server.addService(health, {
    Check: (
      call: grpc.ServerUnaryCall<{ service: string }, unknown>,
      callback: grpc.sendUnaryData<unknown>,
    ) => {
      if (call.request.service !== "echo")
        callback({ code: grpc.status.NOT_FOUND, details: "unknown service" });
      else callback(null, { status: backend.status });
    },
  });
  server.addService(ECHO_SERVICE, {
    Unary: (
      _call: grpc.ServerUnaryCall<EchoMessage, EchoMessage>,
      callback: grpc.sendUnaryData<EchoMessage>,
    ) => callback(null, { text: name }),
    ServerStream: (call: grpc.ServerWritableStream<EchoMessage, EchoMessage>) => call.end(),
    Chat: (call: grpc.ServerDuplexStream<EchoMessage, EchoMessage>) => call.end(),
  });
  backend.port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return backend;
}

interface H2Backend {
  readonly name: string;
  readonly port: number;
  healthStatus: number;
  close(): Promise<void>;
}

/**
 * An HTTP/2-only server (no HTTP/1.1): /healthz answers `healthStatus` with a 100 KB body (a check judges
 * the status, not the body), anything else its name.
 */
async function startH2Backend(name: string): Promise<H2Backend> {
  const server = http2.createServer();
  const backend = {
    name,
    port: 0,
    healthStatus: 200,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  server.on("stream", (stream, headers) => {
    const health = headers[":path"] === "/healthz";
    stream.respond({ ":status": health ? backend.healthStatus : 200 });
    stream.end(health ? HEALTH_BODY : name);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  backend.port = (server.address() as AddressInfo).port;
  const close = backend.close;
  backend.close = () => {
    for (const session of sessions) session.destroy();
    return close();
  };
  return backend;
}

const MESH = `
services:
  - name: client
  - name: echo
  - name: web
`;

const CHECK_TIMING = quickHealthChecks("100ms");

let cp: ControlPlane;
let clientApp: TestApp;
let client: RunningProxy;
let grpcA: GrpcBackend;
let grpcB: GrpcBackend;
let webA: H2Backend;
let webB: H2Backend;
let echo: grpc.Client;

const at = (service: string, port: number): RegistryEndpoint => ({
  service,
  address: "127.0.0.1",
  port,
  labels: {},
});

beforeAll(async () => {
  cp = await startControlPlane();
  clientApp = await startApp("client-app");
  [grpcA, grpcB] = await Promise.all([startGrpcBackend("grpc-a"), startGrpcBackend("grpc-b")]);
  [webA, webB] = await Promise.all([startH2Backend("web-a"), startH2Backend("web-b")]);
  client = await testProxy(cp, { service: "client", app: clientApp });
  const registry = [
    at("echo", grpcA.port),
    at("echo", grpcB.port),
    at("web", webA.port),
    at("web", webB.port),
  ];
  const resources = JSON.parse(JSON.stringify(translate(MESH, registry, client.nodeId))) as {
    clusters: Record<string, unknown>[];
  };
  for (const cluster of resources.clusters) {
    if (cluster.name === "echo")
      cluster.health_checks = [{ ...CHECK_TIMING, grpc_health_check: { service_name: "echo" } }];
    if (cluster.name === "web")
      cluster.health_checks = [
        { ...CHECK_TIMING, http_health_check: { path: "/healthz", codec_client_type: "HTTP2" } },
      ];
    if (cluster.name === "echo" || cluster.name === "web")
      cluster.typed_extension_protocol_options = HTTP2_UPSTREAM_OPTIONS;
  }
  cp.publishResources(resources, [client.nodeId]);
  await waitFor(() => client.ready(), "client ready");
  echo = echoClient(client.outbound, "echo");
});

afterAll(async () => {
  echo?.close();
  await client?.close();
  grpcA?.close();
  grpcB?.close();
  await Promise.all([webA?.close(), webB?.close(), clientApp?.close()]);
  await cp?.stop();
});

/** Who answered each of `n` calls. */
async function grpcServers(n: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) seen.add((await unary(echo, "hi")).reply?.text ?? "error");
  return seen;
}

async function webServers(n: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) seen.add((await request(client.outbound, "web", "/")).body);
  return seen;
}

describe("grpc_health_check", () => {
  it("takes an endpoint whose Health/Check says NOT_SERVING out of the balancer, and back when SERVING", async () => {
    await waitFor(async () => (await grpcServers(8)).size === 2, "both gRPC endpoints serve");
    grpcB.status = NOT_SERVING;
    await waitFor(async () => [...(await grpcServers(10))].join() === "grpc-a", "only grpc-a serves");
    grpcB.status = SERVING;
    await waitFor(async () => (await grpcServers(8)).has("grpc-b"), "grpc-b serves again");
  });

  it("counts the checks in the cluster's stats", async () => {
    const stats = await fetch(`http://${client.admin}/stats`).then((r) => r.text());
    const success = /weft_proxy_health_check_success_total\{cluster="echo"\} (\d+)/.exec(stats);
    const failure = /weft_proxy_health_check_failure_total\{cluster="echo"\} (\d+)/.exec(stats);
    expect(Number(success?.[1])).toBeGreaterThan(0);
    expect(Number(failure?.[1])).toBeGreaterThan(0);
  });
});

describe("http_health_check over HTTP/2", () => {
  it("probes an HTTP/2-only endpoint with HTTP/2 and takes one answering 503 out of the balancer", async () => {
    await waitFor(async () => (await webServers(8)).size === 2, "both web endpoints serve");
    webB.healthStatus = 503;
    await waitFor(async () => [...(await webServers(10))].join() === "web-a", "only web-a serves");
    webB.healthStatus = 200;
    await waitFor(async () => (await webServers(8)).has("web-b"), "web-b serves again");
  });
});
