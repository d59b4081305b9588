import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProxy } from "@/lib/proxy/proxy";
import {
  type ControlPlane,
  instance,
  request,
  startApp,
  startControlPlane,
  type TestApp,
  testProxy,
  waitFor,
} from "@/lib/proxy/testing/harness";
import { type OtlpReceiver, startOtlpReceiver } from "@/lib/proxy/testing/otlp-receiver";
import { type MetricPointRow, SpanKind, type SpanRow, Temporality } from "@/lib/telemetry/rows";

// Both sidecars export OTLP/HTTP protobuf to a test receiver; what they send is read with ingest's own
// decoders: a client and a server span continuing the caller's trace, and DELTA RED histograms with the
// attributes of docs/telemetry-metrics.md.

let cp: ControlPlane;
let receiver: OtlpReceiver;
let spans: SpanRow[] = [];
let points: MetricPointRow[] = [];
let contentTypes = new Set<string>();
const apps: TestApp[] = [];
let caller: RunningProxy;
let callee: RunningProxy;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  ({ spans, points, contentTypes } = receiver);
  const otlp = receiver.url;
  cp = await startControlPlane();
  const ratingsApp = await startApp("ratings");
  const webApp = await startApp("web");
  apps.push(ratingsApp, webApp);
  const common = { otlp, exportIntervalMs: 200 };
  callee = await testProxy(cp, { service: "ratings", labels: { version: "v1" }, app: ratingsApp, ...common });
  caller = await testProxy(cp, { service: "web", app: webApp, ...common });
  cp.publish(
    `
services:
  - name: web
  - name: ratings
    subsets: [{ name: v1, labels: { version: v1 } }]
    routes:
      - name: stable
        match: { path: { prefix: /r } }
        destinations: [{ service: ratings, subset: v1 }]
`,
    [instance("ratings", callee, { version: "v1" })],
    [caller.nodeId, callee.nodeId],
  );
  await waitFor(() => caller.ready() && callee.ready(), "ready");
});

afterAll(async () => {
  await Promise.all([caller.close(), callee.close()]);
  await Promise.all(apps.map((a) => a.close()));
  receiver.close();
  await cp.stop();
});

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const APP_SPAN = "00f067aa0ba902b7";

describe("telemetry export", () => {
  it("continues the caller's trace with a client span and a server span", async () => {
    const r = await request(caller.outbound, "ratings:8080", "/ratings/7?x=1", {
      headers: { traceparent: `00-${TRACE}-${APP_SPAN}-01`, tracestate: "app=1" },
    });
    expect(r.status).toBe(200);
    const seen = JSON.parse(r.body) as { headers: Record<string, string> };
    await waitFor(() => spans.filter((s) => s.traceId === TRACE).length >= 2, "two spans");
    const client = spans.find((s) => s.traceId === TRACE && s.kind === SpanKind.Client)!;
    const server = spans.find((s) => s.traceId === TRACE && s.kind === SpanKind.Server)!;
    expect(client).toMatchObject({
      service: "web",
      parentSpanId: APP_SPAN,
      traceState: "app=1",
      httpMethod: "GET",
      httpStatusCode: 200,
      peerService: "ratings",
    });
    expect(client.attributes).toMatchObject({
      "server.address": "ratings",
      "server.port": 8080,
      "weft.source.service": "web",
      "weft.destination.service": "ratings",
      "weft.destination.subset": "v1",
      "weft.route": "stable",
      "weft.retries": 0,
      "url.path": "/ratings/7",
    });
    expect(server).toMatchObject({ service: "ratings", parentSpanId: client.spanId, httpStatusCode: 200 });
    expect(server.attributes).toMatchObject({
      "weft.source.service": "web",
      "weft.destination.service": "ratings",
    });
    // The app behind the callee sees the server span as its parent.
    expect(seen.headers.traceparent).toBe(`00-${TRACE}-${server.spanId}-01`);
    // The first sidecar gave the request an x-request-id, which the second kept; a caller's own is kept.
    expect(seen.headers["x-request-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f-]{27}$/);
    const own = await request(caller.outbound, "ratings:8080", "/ratings/8", {
      headers: { "x-request-id": "checkout-42" },
    });
    expect((JSON.parse(own.body) as { headers: Record<string, string> }).headers["x-request-id"]).toBe(
      "checkout-42",
    );
    expect(server.startNs).toBeGreaterThanOrEqual(client.startNs);
    expect(server.endNs).toBeLessThanOrEqual(client.endNs);
  });

  it("exports DELTA request-duration histograms per side with the contract's attributes", async () => {
    for (let i = 0; i < 9; i++) await request(caller.outbound, "ratings", "/r");
    const errors = await request(caller.outbound, "unknown-service", "/");
    expect(errors.status).toBe(404);
    const sum = (name: string, service: string) =>
      points
        .filter((p) => p.metricName === name && p.service === service && p.type === "exponential_histogram")
        .reduce((n, p) => n + (p.type === "exponential_histogram" ? p.count : 0), 0);
    await waitFor(
      () =>
        sum("http.client.request.duration", "web") >= 10 &&
        sum("http.server.request.duration", "ratings") >= 10,
      "ten requests counted on both sides",
    );
    const client = points.find((p) => p.metricName === "http.client.request.duration" && p.service === "web");
    if (client?.type !== "exponential_histogram") throw new Error("no client histogram");
    expect(client).toMatchObject({ unit: "s", temporality: Temporality.Delta, scale: 3 });
    expect(client.attributes).toMatchObject({
      "http.request.method": "GET",
      "http.response.status_code": 200,
      "weft.source.service": "web",
      "weft.destination.service": "ratings",
      "weft.destination.subset": "v1",
      "weft.route": "stable",
      "server.address": "ratings",
    });
    expect(client.attributes).not.toHaveProperty("weft.retries");
    const server = points.find(
      (p) => p.metricName === "http.server.request.duration" && p.service === "ratings",
    );
    expect(server?.attributes).toMatchObject({
      "weft.source.service": "web",
      "weft.destination.service": "ratings",
      "weft.destination.subset": "v1",
      // The rule the caller's sidecar matched, passed on to the callee's: its name and path template.
      "weft.route": "stable",
      "http.route": "/r*",
    });
    expect(contentTypes).toEqual(new Set(["application/x-protobuf"]));
  });
});
