import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProxy } from "@/lib/proxy/proxy";
import {
  type ControlPlane,
  instance,
  request,
  splitAddress,
  startApp,
  startControlPlane,
  type TestApp,
  testProxy,
  translate,
  waitFor,
} from "@/lib/proxy/testing/harness";
import { rawExchange } from "@/lib/proxy/testing/raw-http";

// A connection manager's downstream settings, as another control plane (Istio, say) sends them: the
// callee's INBOUND listener limits the connections and heads other sidecars send it; the caller's
// OUTBOUND listener limits its app's connections, and the caller's per-service listener drops headers
// with underscores. Each limit is far below the proxy's own default (10 s headers, 60 s idle, 60 KiB).

const ANY = "type.googleapis.com/";
const HCM = `${ANY}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`;
const ROUTER = {
  name: "envoy.filters.http.router",
  typed_config: { "@type": `${ANY}envoy.extensions.filters.http.router.v3.Router` },
};

function addressListener(
  name: string,
  direction: "INBOUND" | "OUTBOUND",
  port: number,
  cluster: string,
  settings: Record<string, unknown>,
) {
  return {
    name,
    address: { socket_address: { address: "0.0.0.0", port_value: port } },
    traffic_direction: direction,
    filter_chains: [
      {
        filters: [
          {
            name: "envoy.filters.network.http_connection_manager",
            typed_config: {
              "@type": HCM,
              stat_prefix: name,
              route_config: {
                name,
                virtual_hosts: [
                  { name: "all", domains: ["*"], routes: [{ match: { prefix: "/" }, route: { cluster } }] },
                ],
              },
              http_filters: [ROUTER],
              ...settings,
            },
          },
        ],
      },
    ],
  };
}

const CALLEE_INBOUND = addressListener("inbound|guarded", "INBOUND", 15006, "guarded", {
  request_headers_timeout: { nanos: 300_000_000 },
  max_request_headers_kb: { value: 2 },
  common_http_protocol_options: {
    idle_timeout: { nanos: 400_000_000 },
    max_stream_duration: { nanos: 300_000_000 },
    max_requests_per_connection: { value: 3 },
    max_headers_count: { value: 20 },
    headers_with_underscores_action: "REJECT_REQUEST",
  },
});
const CALLER_OUTBOUND = addressListener("outbound|15001", "OUTBOUND", 15001, "guarded", {
  common_http_protocol_options: { max_connection_duration: { nanos: 300_000_000 } },
});

let cp: ControlPlane;
const apps: TestApp[] = [];
let caller: RunningProxy;
let callee: RunningProxy;
/** A second callee whose app speaks HTTP/2, so HTTP/2 through its inbound port reaches an app. */
let calleeH2: RunningProxy;
let h2App: http2.Http2Server;

beforeAll(async () => {
  cp = await startControlPlane();
  // /slow answers after 3 s: only the INBOUND listener's 300 ms max_stream_duration can end it sooner.
  const guardedApp = await startApp("guarded-app", (req, res) => {
    if (req.url !== "/slow") return false;
    req.resume();
    const timer = setTimeout(() => res.end("late\n"), 3_000);
    res.on("close", () => clearTimeout(timer));
    return true;
  });
  const callerApp = await startApp("caller-app");
  apps.push(guardedApp, callerApp);
  callee = await testProxy(cp, { service: "guarded", app: guardedApp });
  h2App = http2.createServer((_req, res) => res.end("h2 app\n"));
  await new Promise<void>((resolve) => h2App.listen(0, "127.0.0.1", resolve));
  const h2Port = (h2App.address() as net.AddressInfo).port;
  calleeH2 = await testProxy(cp, { service: "guarded", app: { host: "127.0.0.1", port: h2Port } });
  caller = await testProxy(cp, { service: "caller", app: callerApp });
  const mesh = "services:\n  - name: caller\n  - name: guarded\n";
  const registry = [instance("guarded", callee)];
  cp.publish(mesh, registry, [callee.nodeId, calleeH2.nodeId], { listeners: [CALLEE_INBOUND] });
  const resources = translate(mesh, registry, caller.nodeId);
  const listeners = (resources.listeners ?? []).map((l) => {
    const listener = JSON.parse(JSON.stringify(l)) as {
      name: string;
      api_listener?: { api_listener: Record<string, unknown> };
    };
    if (listener.name === "guarded" && listener.api_listener)
      listener.api_listener.api_listener.common_http_protocol_options = {
        headers_with_underscores_action: "DROP_HEADER",
      };
    return listener;
  });
  cp.publishResources({ ...resources, listeners: [...listeners, CALLER_OUTBOUND] }, [caller.nodeId]);
  await waitFor(() => caller.ready() && callee.ready() && calleeH2.ready(), "ready");
});

afterAll(async () => {
  await Promise.all([caller.close(), callee.close(), calleeH2.close()]);
  await Promise.all(apps.map((a) => a.close()));
  await new Promise((resolve) => h2App.close(resolve));
  await cp.stop();
});

const GET = "GET / HTTP/1.1\r\nHost: guarded\r\n\r\n";

/** A fresh connection per request: the callee closes connections far sooner than a shared pool expects. */
function once(address: string, headers: http.OutgoingHttpHeaders) {
  return request(address, "guarded", "/", { headers, agent: new http.Agent({ keepAlive: false }) });
}

/** Opens a connection, sends one request, and resolves with the response and how long the server kept it. */
function keptOpen(address: string): Promise<{ response: string; openMs: number }> {
  const [host, port] = splitAddress(address);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port }, () => socket.write(GET));
    let response = "";
    let answeredAt = 0;
    socket.on("data", (d) => {
      response += d.toString("latin1");
      answeredAt ||= performance.now();
    });
    socket.on("close", () => resolve({ response, openMs: performance.now() - answeredAt }));
    socket.on("error", reject);
    setTimeout(() => socket.destroy(new Error("still open after 5 s")), 5_000);
  });
}

describe("the INBOUND listener's connection settings", () => {
  it("request_headers_timeout: a head that is not done in 300 ms gets a 408", async () => {
    const started = performance.now();
    const reply = await rawExchange(callee.inbound, "GET / HTTP/1.1\r\nHost: guarded\r\n", {
      firstReplyMs: 5_000,
    });
    expect(reply.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it("idle_timeout: a keep-alive connection closes about 400 ms after its last response", async () => {
    const { response, openMs } = await keptOpen(callee.inbound);
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response.toLowerCase()).toContain("keep-alive: timeout=0");
    expect(openMs).toBeGreaterThanOrEqual(350);
    expect(openMs).toBeLessThan(2_500);
  });

  it("max_requests_per_connection: the third response says connection: close, and the connection ends", async () => {
    const reply = await rawExchange(callee.inbound, [GET, GET, GET], { pauseMs: 50 });
    const heads = reply.text.split(/(?=HTTP\/1\.1 )/).filter((part) => part.startsWith("HTTP/1.1"));
    expect(heads.map((h) => h.slice(9, 12))).toEqual(["200", "200", "200"]);
    expect(heads[1]?.toLowerCase()).not.toContain("connection: close");
    expect(heads[2]?.toLowerCase()).toContain("connection: close");
    expect(reply.closed).toBe(true);
  });

  it("max_request_headers_kb and max_headers_count: larger heads get a 431 that says which", async () => {
    const big = await once(callee.inbound, { "x-big": "a".repeat(2_100) });
    expect(big.status).toBe(431);
    expect(big.body).toContain("headers exceed 2048 bytes");
    const many: http.OutgoingHttpHeaders = {};
    for (let i = 0; i < 22; i++) many[`x-h${i}`] = "1";
    const counted = await once(callee.inbound, many);
    expect(counted.status).toBe(431);
    expect(counted.body).toMatch(/too many headers \(\d+ > 20\)/);
    expect((await once(callee.inbound, { "x-small": "a".repeat(500) })).status).toBe(200);
  });

  it("headers_with_underscores_action REJECT_REQUEST: a 400 naming the header", async () => {
    const refused = await once(callee.inbound, { x_custom: "1" });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('header name "x_custom" contains an underscore');
    expect(refused.headers["x-weft-reason"]).toBe("bad_request");
  });

  it("max_stream_duration: a stream whose route sets no limit ends with a 504 after 300 ms", async () => {
    const started = performance.now();
    const reply = await request(callee.inbound, "guarded", "/slow", {
      agent: new http.Agent({ keepAlive: false }),
    });
    expect(reply.status).toBe(504);
    expect(reply.body).toContain("stream deadline reached after 300 ms");
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it("HTTP/2: the session goes away after its third stream, and when idle", async () => {
    const session = http2.connect(`http://${calleeH2.inbound}`);
    let goaway = false;
    session.on("goaway", () => {
      goaway = true;
    });
    const get = () =>
      new Promise<number>((resolve, reject) => {
        const stream = session.request({ ":path": "/", ":authority": "guarded" });
        stream.on("response", (headers) => resolve(Number(headers[":status"])));
        stream.on("error", reject);
        stream.resume();
        stream.end();
      });
    expect(await Promise.all([get(), get(), get()])).toEqual([200, 200, 200]);
    await waitFor(() => goaway, "GOAWAY after the third stream", 3_000);
    session.destroy();

    const idle = http2.connect(`http://${calleeH2.inbound}`);
    const closed = new Promise<number>((resolve) => idle.on("close", () => resolve(performance.now())));
    idle.on("error", () => {});
    const stream = idle.request({ ":path": "/", ":authority": "guarded" });
    stream.resume();
    stream.end();
    await new Promise((resolve) => stream.on("end", resolve));
    const answered = performance.now();
    expect((await closed) - answered).toBeLessThan(2_500);
  });
});

describe("the caller's listeners", () => {
  it("max_connection_duration on the OUTBOUND listener: an app's connection is closed once 300 ms old", async () => {
    const { response, openMs } = await keptOpen(caller.outbound);
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(openMs).toBeLessThan(2_500);
  });

  it("headers_with_underscores_action DROP_HEADER: the header never reaches the callee", async () => {
    const reply = await once(caller.outbound, { x_drop_me: "1", "x-keep-me": "1" });
    expect(reply.status).toBe(200);
    const seen = (JSON.parse(reply.body) as { headers: Record<string, string> }).headers;
    expect(seen["x-keep-me"]).toBe("1");
    expect(seen.x_drop_me).toBeUndefined();
  });
});
