// Two tiny HTTP services instrumented with @opentelemetry/sdk-node and the HTTP auto-instrumentation, in
// their own processes, each exporting its own spans: the calls between them show up as two services, an
// edge (matched across their separate exports) and traces spanning both.

import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { otlpAddresses } from "../../lib/telemetry/testing/otlp-addresses";
import { ApiSession } from "../support/apiSession";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { ROOT, type StartedServer, startWeftServer } from "../support/weftProcess";

const SCRIPT = path.join(ROOT, "lib/telemetry/testing/instrumented-service.ts");
const CALLS = 3;

interface Service {
  child: ChildProcess;
  port: number;
}

function startService(name: string, otlpEndpoint: string, downstream?: string): Promise<Service> {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
    cwd: ROOT,
    env: {
      ...process.env,
      SERVICE_NAME: name,
      OTLP_ENDPOINT: otlpEndpoint,
      DOWNSTREAM: downstream,
      OTEL_BSP_SCHEDULE_DELAY: "100",
      OTEL_METRICS_EXPORTER: "none",
      OTEL_LOGS_EXPORTER: "none",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /listening (\d+)/.exec(output);
      if (match) resolve({ child, port: Number(match[1]) });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk));
    child.on("exit", (code) => reject(new Error(`${name} exited (${code}):\n${output}`)));
  });
}

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

describe("an app instrumented with @opentelemetry/sdk-node", () => {
  let t: TestDatabase;
  let server: StartedServer;
  let api: ApiSession;
  const services: Service[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    // Each service exports every 100 ms; a call is decided 2 s after its client span is stored.
    server = await startWeftServer({ DATABASE_URL: t.url, WEFT_SPAN_CALL_SETTLE_SECONDS: "2" });
    api = new ApiSession(server.url);
    expect((await api.login("admin", server.adminPassword)).status).toBe(200);
    const otlp = otlpAddresses(server.process.output()).http;
    const back = await startService("inventory", otlp);
    services.push(back);
    services.push(await startService("storefront", otlp, `http://127.0.0.1:${back.port}/stock`));
  });
  afterAll(async () => {
    for (const service of services) service.child.kill("SIGTERM");
    await server?.stop();
    await t?.drop();
  });

  it("shows up as services, an edge and traces across both", async () => {
    const front = services[1]!;
    for (let i = 0; i < CALLS; i++) {
      const response = await fetch(`http://127.0.0.1:${front.port}/checkout`);
      expect(response.status).toBe(200);
      await response.text();
    }
    type Summary = { traceId: string; rootService: string; spanCount: number; services: string[] };
    const search = await eventually(
      () => api.json<{ traces: Summary[] }>("GET", "/api/v1/traces?service=storefront&from=now-10m"),
      (r) => r.body.traces.length === CALLS && r.body.traces.every((trace) => trace.spanCount === 3),
    );
    expect(search.status).toBe(200);
    expect(search.body.traces.length).toBe(CALLS);
    for (const trace of search.body.traces) {
      expect(trace).toMatchObject({
        rootService: "storefront",
        spanCount: 3,
        services: ["inventory", "storefront"],
      });
    }
    const trace = await api.json<{
      spans: Array<{ service: string; kind: string; parentSpanId: string | null; spanId: string }>;
    }>("GET", `/api/v1/traces/${search.body.traces[0]!.traceId}`);
    const spans = trace.body.spans;
    const root = spans.find((s) => s.parentSpanId === null)!;
    const client = spans.find((s) => s.kind === "client")!;
    const callee = spans.find((s) => s.service === "inventory")!;
    expect([root.service, root.kind]).toEqual(["storefront", "server"]);
    expect([client.service, client.parentSpanId]).toEqual(["storefront", root.spanId]);
    expect([callee.kind, callee.parentSpanId]).toEqual(["server", client.spanId]);

    const list = await api.json<{ services: Array<{ name: string; requests: number }> }>(
      "GET",
      "/api/v1/services?from=now-10m",
    );
    expect(list.body.services.map((s) => [s.name, s.requests])).toEqual([
      ["inventory", CALLS],
      ["storefront", CALLS],
    ]);
    type Topology = {
      nodes: Array<{ name: string; kind: string }>;
      edges: Array<{ source: string; target: string; requests: number; origin: string }>;
    };
    const topology = await eventually(
      () => api.json<Topology>("GET", "/api/v1/topology?from=now-10m"),
      (r) => r.body.edges.reduce((sum, edge) => sum + edge.requests, 0) === CALLS,
    );
    expect(topology.body.nodes.map((n) => [n.name, n.kind])).toEqual([
      ["inventory", "service"],
      ["storefront", "service"],
    ]);
    expect(topology.body.edges).toEqual([
      expect.objectContaining({
        source: "storefront",
        target: "inventory",
        requests: CALLS,
        origin: "spans",
      }),
    ]);
  });
});
