import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProxy } from "@/lib/proxy/proxy";
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

// A cluster's max_requests_per_connection (HttpProtocolOptions.common_http_protocol_options): upstream
// HTTP/1.1 connections and HTTP/2 sessions are retired after that many requests. The upstreams report which
// connection carried each request. Also run on the node:http fallback (npm run test:proxy-fallback).

const MESH = `
services:
  - name: client
  - name: web
  - name: rpc
`;

const PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

function protocolOptions(maxRequests: number, http2: boolean): Record<string, unknown> {
  return {
    [PROTOCOL_OPTIONS]: {
      "@type": `type.googleapis.com/${PROTOCOL_OPTIONS}`,
      common_http_protocol_options: { max_requests_per_connection: { value: maxRequests } },
      explicit_http_config: http2 ? { http2_protocol_options: {} } : { http_protocol_options: {} },
    },
  };
}

/** An HTTP/2 upstream answering with the number of the session that carried the request. */
async function startH2App(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http2.createServer();
  const ids = new WeakMap<http2.ServerHttp2Session, number>();
  const open = new Set<http2.ServerHttp2Session>();
  let sessions = 0;
  server.on("session", (session) => {
    sessions += 1;
    ids.set(session, sessions);
    open.add(session);
    session.on("close", () => open.delete(session));
  });
  server.on("stream", (stream) => {
    stream.respond({ ":status": 200, "content-type": "text/plain" });
    stream.end(`session ${ids.get(stream.session as http2.ServerHttp2Session)}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of open) session.destroy();
      }),
  };
}

let cp: ControlPlane;
let client: RunningProxy;
let clientApp: TestApp;
let webApp: TestApp;
let rpcApp: Awaited<ReturnType<typeof startH2App>>;

beforeAll(async () => {
  cp = await startControlPlane();
  clientApp = await startApp("client-app");
  // Answers with the caller's port: one port per upstream connection.
  webApp = await startApp("web", (req, res) => {
    req.resume();
    res.end(String(req.socket.remotePort));
    return true;
  });
  rpcApp = await startH2App();
  client = await testProxy(cp, { service: "client", app: clientApp });
  const resources = JSON.parse(
    JSON.stringify(
      translate(
        MESH,
        [
          { service: "web", address: "127.0.0.1", port: webApp.port, labels: {} },
          { service: "rpc", address: "127.0.0.1", port: rpcApp.port, labels: {} },
        ],
        client.nodeId,
      ),
    ),
  ) as { clusters: { name: string; typed_extension_protocol_options?: unknown }[] };
  for (const cluster of resources.clusters) {
    if (cluster.name === "web") cluster.typed_extension_protocol_options = protocolOptions(2, false);
    if (cluster.name === "rpc") cluster.typed_extension_protocol_options = protocolOptions(3, true);
  }
  cp.publishResources(resources, [client.nodeId]);
  await waitFor(() => client.ready(), "client ready");
});

afterAll(async () => {
  await client.close();
  await Promise.all([clientApp.close(), webApp.close(), rpcApp.close()]);
  await cp.stop();
});

describe("max_requests_per_connection", () => {
  it("retires an HTTP/1.1 upstream connection after two requests", async () => {
    const ports: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request(client.outbound, "web", "/");
      expect(res.status).toBe(200);
      ports.push(res.body);
    }
    expect(ports[0]).toBe(ports[1]);
    expect(ports[2]).toBe(ports[3]);
    expect(ports[4]).toBe(ports[5]);
    expect(new Set(ports).size).toBe(3);
  });

  it("retires an HTTP/2 session after three streams", async () => {
    const sessions: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request(client.outbound, "rpc", "/");
      expect(res.status).toBe(200);
      sessions.push(res.body);
    }
    expect(sessions.slice(0, 3).every((s) => s === sessions[0])).toBe(true);
    expect(sessions.slice(3).every((s) => s === sessions[3])).toBe(true);
    expect(sessions[3]).not.toBe(sessions[0]);
  });

  it("loses no request when many arrive at once", async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => request(client.outbound, i % 2 === 0 ? "web" : "rpc", "/")),
    );
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(200));
  });
});
