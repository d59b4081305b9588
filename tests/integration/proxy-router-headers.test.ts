import type http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProxy } from "@/lib/proxy/proxy";
import { forEachRoute, type JsonResource as Json } from "@/lib/proxy/testing/cluster-options";
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

// The x-envoy-* headers Envoy's router takes from an internal client (the application calling through its
// sidecar's outbound listener): retries asked for per request on a route without a retry policy, the
// request's own timeouts, and the headers the router sets (x-envoy-expected-rq-timeout-ms upstream,
// x-envoy-upstream-service-time downstream). None of the consumed headers reaches the upstream.

const MESH = `
services:
  - name: client
  - name: flaky
  - name: slow
  - name: hinting
  - name: echo
    routes:
      - name: default
        destinations: [{ service: echo }]
        timeout: 3s
`;

let cp: ControlPlane;
let client: RunningProxy;
let registry: RegistryEndpoint[] = [];
const apps: TestApp[] = [];
/** Headers of every request the flaky app saw. */
const flakySaw: http.IncomingHttpHeaders[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  cp = await startControlPlane();
  const clientApp = await startApp("client-app");
  const flaky = await startApp("flaky", (req, res) => {
    flakySaw.push(req.headers);
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      res.writeHead(503).end("down");
      return true;
    }
    return undefined;
  });
  // /slow answers after 400 ms; /first-slow only on the first of each pair of requests.
  let pairs = 0;
  const slow = await startApp("slow", (req, res) => {
    const delayed = req.url === "/slow" || (req.url === "/first-slow" && pairs++ % 2 === 0);
    if (!delayed) return undefined;
    setTimeout(() => res.writeHead(200).end("late"), 400);
    return true;
  });
  // Every other response says "try again" in a header.
  const hinting = await startApp("hinting", (_req, res, app) => {
    if (app.count % 2 === 0) return undefined;
    res.writeHead(200, { "x-try-again": "1" }).end("hint");
    return true;
  });
  const echo = await startApp("echo");
  apps.push(clientApp, flaky, slow, hinting, echo);
  client = await testProxy(cp, { service: "client", app: clientApp });
  const at = (service: string, app: TestApp) => ({
    service,
    address: "127.0.0.1",
    port: app.port,
    labels: {},
  });
  registry = [at("flaky", flaky), at("slow", slow), at("hinting", hinting), at("echo", echo)];
  cp.publish(MESH, registry, [client.nodeId]);
  await waitFor(() => client.ready(), "client ready");
});

afterAll(async () => {
  await client?.close();
  await Promise.all(apps.map((app) => app.close()));
  await cp?.stop();
});

describe("x-envoy-* request headers from the application", () => {
  it("x-envoy-retry-on and x-envoy-max-retries retry a route that has no retry policy", async () => {
    flakySaw.length = 0;
    failuresLeft = 2;
    const res = await request(client.outbound, "flaky", "/", {
      headers: { "x-envoy-retry-on": "5xx", "x-envoy-max-retries": "2" },
    });
    expect(res.status).toBe(200);
    expect(flakySaw).toHaveLength(3);
    for (const seen of flakySaw) {
      expect(seen["x-envoy-retry-on"]).toBeUndefined();
      expect(seen["x-envoy-max-retries"]).toBeUndefined();
    }
  });

  it("each attempt is told the time left of the request's timeout", async () => {
    flakySaw.length = 0;
    failuresLeft = 1;
    const res = await request(client.outbound, "flaky", "/", {
      headers: { "x-envoy-retry-on": "5xx", "x-envoy-upstream-rq-timeout-ms": "1000" },
    });
    expect(res.status).toBe(200);
    const [first, second] = flakySaw.map((h) => Number(h["x-envoy-expected-rq-timeout-ms"]));
    expect(first).toBe(1000);
    expect(second).toBeLessThan(1000);
    expect(second).toBeGreaterThan(900);
  });

  it("without them the same failure is not retried", async () => {
    flakySaw.length = 0;
    failuresLeft = 1;
    expect((await request(client.outbound, "flaky", "/")).status).toBe(503);
    expect(flakySaw).toHaveLength(1);
  });

  it("x-envoy-upstream-rq-timeout-ms shortens the route timeout, and the alt-response header makes it a 204", async () => {
    const started = performance.now();
    const timedOut = await request(client.outbound, "slow", "/slow", {
      headers: { "x-envoy-upstream-rq-timeout-ms": "100" },
    });
    expect(timedOut.status).toBe(504);
    expect(timedOut.headers["x-weft-reason"]).toBe("upstream_timeout");
    expect(performance.now() - started).toBeLessThan(380);
    const alt = await request(client.outbound, "slow", "/slow", {
      headers: { "x-envoy-upstream-rq-timeout-ms": "100", "x-envoy-upstream-rq-timeout-alt-response": "" },
    });
    expect([alt.status, alt.body, alt.headers["content-length"]]).toEqual([204, "", undefined]);
    // A per-try timeout that is not retried answers the same way.
    const perTry = await request(client.outbound, "slow", "/slow", {
      headers: {
        "x-envoy-upstream-rq-per-try-timeout-ms": "100",
        "x-envoy-upstream-rq-timeout-alt-response": "",
      },
    });
    expect(perTry.status).toBe(204);
  });

  it("x-envoy-retriable-header-names retries a response that carries a listed header", async () => {
    const res = await request(client.outbound, "hinting", "/", {
      headers: { "x-envoy-retry-on": "retriable-headers", "x-envoy-retriable-header-names": "X-Try-Again" },
    });
    expect([res.status, res.headers["x-try-again"]]).toEqual([200, undefined]);
    expect((await request(client.outbound, "hinting", "/")).headers["x-try-again"]).toBe("1");
  });

  it("x-envoy-upstream-rq-per-try-timeout-ms with x-envoy-retry-on retries a slow first attempt", async () => {
    const res = await request(client.outbound, "slow", "/first-slow", {
      headers: { "x-envoy-upstream-rq-per-try-timeout-ms": "100", "x-envoy-retry-on": "5xx" },
    });
    expect([res.status, res.body]).not.toEqual([200, "late"]);
    expect(res.status).toBe(200);
  });
});

describe("x-envoy-* headers the router sets", () => {
  it("tells the upstream the time it has (the route timeout, or the request's) and the caller the service time", async () => {
    const plain = await request(client.outbound, "echo", "/");
    const seen = JSON.parse(plain.body) as { headers: http.IncomingHttpHeaders };
    expect(seen.headers["x-envoy-expected-rq-timeout-ms"]).toBe("3000");
    expect(seen.headers["x-envoy-original-path"]).toBeUndefined();
    expect(plain.headers["x-envoy-upstream-service-time"]).toMatch(/^\d+$/);
    const asked = await request(client.outbound, "echo", "/", {
      headers: { "x-envoy-upstream-rq-timeout-ms": "1234" },
    });
    const seenAsked = JSON.parse(asked.body) as { headers: http.IncomingHttpHeaders };
    expect(seenAsked.headers["x-envoy-expected-rq-timeout-ms"]).toBe("1234");
    expect(seenAsked.headers["x-envoy-upstream-rq-timeout-ms"]).toBeUndefined();
  });
});

describe("path rewrites and suppress_envoy_headers", () => {
  type Resources = ReturnType<typeof translate>;
  /** The mesh's resources for the client, echo's routes rewriting "/" to "/v2/", the router as given. */
  function rewritten(suppress: boolean): Resources {
    const resources = JSON.parse(JSON.stringify(translate(MESH, registry, client.nodeId))) as {
      listeners: Json[];
      routes: Json[];
    };
    forEachRoute(resources.routes, (route, host) => {
      if (host.name === "echo" || (host.domains as string[]).includes("echo"))
        (route.route as Json).prefix_rewrite = "/v2/";
    });
    for (const listener of resources.listeners) {
      const hcm = (listener.api_listener as Json).api_listener as Json;
      const router = (hcm.http_filters as Json[]).at(-1) as Json;
      (router.typed_config as Json).suppress_envoy_headers = suppress;
    }
    return resources as unknown as Resources;
  }

  async function echoSaw(path: string): Promise<{ path: string; headers: http.IncomingHttpHeaders }> {
    const res = await request(client.outbound, "echo", path);
    expect(res.status).toBe(200);
    return JSON.parse(res.body) as { path: string; headers: http.IncomingHttpHeaders };
  }

  it("sends the path asked for in x-envoy-original-path when a route rewrites it", async () => {
    cp.publishResources(rewritten(false), [client.nodeId]);
    await waitFor(async () => (await echoSaw("/items?x=1")).path === "/v2/items?x=1", "the rewrite applies");
    const seen = await echoSaw("/items?x=1");
    expect(seen.headers["x-envoy-original-path"]).toBe("/items?x=1");
    expect(seen.headers["x-envoy-expected-rq-timeout-ms"]).toBe("3000");
  });

  it("sets none of the router's headers when the router suppresses them", async () => {
    cp.publishResources(rewritten(true), [client.nodeId]);
    await waitFor(
      async () => (await echoSaw("/items")).headers["x-envoy-expected-rq-timeout-ms"] === undefined,
      "the suppressing router applies",
    );
    const res = await request(client.outbound, "echo", "/items");
    const seen = JSON.parse(res.body) as { path: string; headers: http.IncomingHttpHeaders };
    expect(seen.path).toBe("/v2/items");
    expect(seen.headers["x-envoy-original-path"]).toBeUndefined();
    expect(res.headers["x-envoy-upstream-service-time"]).toBeUndefined();
  });
});
