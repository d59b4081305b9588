import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession } from "../support/apiSession";
import { alive, sleep, windowStart } from "../support/demoProcesses";
import { waitFor } from "../support/meshApi";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { runWeft, type WeftProcess, waitForOutput } from "../support/weftProcess";

// `weft demo` end to end: the whole shop on free ports with 1 s telemetry intervals, then the README tour
// through the API. Effects are measured as differences of cumulative counts over a fixed window start, so
// traffic from before a change (in the same rollup minute) does not blur what happens after it.

const PASSWORD = "demo-tour-password";
const SERVICES = ["web", "catalog", "cart", "pricing", "reviews", "ratings"];
const EDGES = [
  "web->catalog",
  "web->cart",
  "cart->pricing",
  "catalog->reviews",
  "reviews->ratings",
  "catalog->inventory-db",
];

let database: TestDatabase;
let demo: WeftProcess | undefined;
let childPids: number[] = [];
let api: ApiSession;
let startedAt = 0;

interface Counts {
  requests: number;
  errors: number;
}
interface Topology {
  nodes: ({ name: string; kind: string; rate: number } & Counts)[];
  edges: ({ source: string; target: string; rate: number } & Counts)[];
}

async function versionCounts(from: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const version of ["v1", "v2", "v3"]) {
    const { body } = await api.json<{ points: Counts[] }>(
      "GET",
      `/api/v1/services/reviews/series?from=${from}&step=1m&version=${version}`,
    );
    counts[version] = body.points.reduce((sum, point) => sum + point.requests, 0);
  }
  return counts;
}

async function edgeCounts(from: string, source: string, target: string): Promise<Counts> {
  const { body } = await api.json<Topology>("GET", `/api/v1/topology?from=${from}`);
  const edge = body.edges.find((e) => e.source === source && e.target === target);
  return { requests: edge?.requests ?? 0, errors: edge?.errors ?? 0 };
}

async function nodeCounts(from: string, name: string): Promise<Counts> {
  const { body } = await api.json<Topology>("GET", `/api/v1/topology?from=${from}`);
  const node = body.nodes.find((n) => n.name === name);
  return { requests: node?.requests ?? 0, errors: node?.errors ?? 0 };
}

/** Endpoints of cart that web's sidecar has ejected, as the topology (and so the graph) shows it. */
async function cartEjected(): Promise<number | undefined> {
  const { body } = await api.json<{
    edges: { source: string; target: string; upstream?: { ejected: number } }[];
  }>("GET", "/api/v1/topology?from=now-5m");
  return body.edges.find((e) => e.source === "web" && e.target === "cart")?.upstream?.ejected;
}

beforeAll(async () => {
  database = await createTestDatabase();
  startedAt = Date.now();
  demo = runWeft(
    ["demo", "--port", "0", "--interval-ms", "1000", "--status-ms", "2000", "--load-rate", "20"],
    {
      DATABASE_URL: database.url,
      WEFT_ADMIN_PASSWORD: PASSWORD,
      WEFT_SPAN_CALL_SETTLE_SECONDS: "1",
    },
  );
  const pids = await waitForOutput(demo, /demo: processes (\S+)/, 90_000);
  childPids = (pids[1] ?? "").split(",").map(Number);
  await waitForOutput(demo, /demo: ready/, 30_000);
  const url = (await waitForOutput(demo, /weft: console: (http:\/\/\S+)/))[1]!.replace(
    "localhost",
    "127.0.0.1",
  );
  api = new ApiSession(url);
  const login = await api.login("admin", PASSWORD);
  expect(login.status).toBe(200);
}, 150_000);

afterAll(async () => {
  if (demo && demo.child.exitCode === null) {
    const killer = setTimeout(() => demo?.child.kill("SIGKILL"), 15_000);
    await demo.stop();
    clearTimeout(killer);
  }
  // Whatever happened above, no child of the demo may outlive the test.
  for (const pid of childPids) if (alive(pid)) process.kill(pid, "SIGKILL");
  await database?.drop();
}, 60_000);

describe("weft demo", () => {
  it("shows every service and edge with live rates, and searchable traces", async () => {
    const topology = await waitFor(
      async () => {
        const { body } = await api.json<Topology>("GET", "/api/v1/topology?from=now-1m");
        const live = new Set(body.nodes.filter((n) => n.rate > 0).map((n) => n.name));
        const edges = new Set(body.edges.filter((e) => e.rate > 0).map((e) => `${e.source}->${e.target}`));
        const complete =
          [...SERVICES, "inventory-db"].every((n) => live.has(n)) && EDGES.every((e) => edges.has(e));
        return complete ? body : undefined;
      },
      "every service and edge in the topology",
      45_000,
    );
    console.log(
      `demo: full live topology ${((Date.now() - startedAt) / 1000).toFixed(1)} s after \`weft demo\` started`,
    );
    // The only external node is the database: calls through a sidecar are named by service, not by port.
    expect(topology.nodes.filter((n) => n.kind === "external").map((n) => n.name)).toEqual(["inventory-db"]);
    const traces = await waitFor(async () => {
      const { body } = await api.json<{ traces: { services: string[] }[] }>(
        "GET",
        "/api/v1/traces?service=ratings&from=now-5m",
      );
      return body.traces.find((t) =>
        ["web", "catalog", "reviews", "ratings"].every((s) => t.services.includes(s)),
      );
    }, "a trace from web to ratings");
    expect(traces.services).toContain("reviews");
    // catalog's rule `products` (prefix /products/) reaches its sidecar's metrics as http.route.
    await waitFor(async () => {
      const { body } = await api.json<{ points: Counts[] }>(
        "GET",
        `/api/v1/services/catalog/series?from=now-5m&step=1m&route=${encodeURIComponent("/products/*")}`,
      );
      return body.points.reduce((sum, point) => sum + point.requests, 0) > 0 || undefined;
    }, "catalog requests on route /products/*");
  }, 60_000);

  let before = 0;

  it("scenario 1: shifting reviews to v1/v2 50/50 moves the observed per-version rates", async () => {
    const { body: history } = await api.json<{ revisions: { number: number }[] }>(
      "GET",
      "/api/v1/revisions?limit=1",
    );
    before = history.revisions[0]?.number ?? 0;
    const shift = await api.json("PUT", "/api/v1/services/reviews/routes/split/weights", {
      destinations: [
        { service: "reviews", subset: "v1", weight: 50 },
        { service: "reviews", subset: "v2", weight: 50 },
      ],
      message: "canary v2 at 50%",
    });
    expect(shift.status).toBe(200);
    const from = windowStart();
    const first = await versionCounts(from);
    await waitFor(
      async () => ((await versionCounts(from)).v2 ?? 0) > (first.v2 ?? 0) + 5,
      "v2 traffic",
      20_000,
    );
    await sleep(2000);
    const start = await versionCounts(from);
    await sleep(10_000);
    const end = await versionCounts(from);
    const v1 = (end.v1 ?? 0) - (start.v1 ?? 0);
    const v2 = (end.v2 ?? 0) - (start.v2 ?? 0);
    console.log(`demo: after the shift, reviews v1 ${v1} and v2 ${v2} requests in 10 s`);
    expect(v1 + v2).toBeGreaterThan(40);
    expect(v2 / (v1 + v2)).toBeGreaterThan(0.35);
    expect(v2 / (v1 + v2)).toBeLessThan(0.65);
    expect((end.v3 ?? 0) - (start.v3 ?? 0)).toBe(0);
  }, 60_000);

  it("scenario 2: 20% aborts on ratings raise the reviews → ratings error rate", async () => {
    const fault = await api.json<{ revision: { number: number } }>(
      "PUT",
      "/api/v1/services/ratings/routes/default/fault",
      {
        fault: { abort: { percentage: 20, httpStatus: 503 } },
        expiresIn: "5m",
        message: "chaos: 20% aborts on ratings",
      },
    );
    expect(fault.status).toBe(200);
    const from = windowStart();
    const first = await edgeCounts(from, "reviews", "ratings");
    await waitFor(
      async () => (await edgeCounts(from, "reviews", "ratings")).errors > first.errors + 3,
      "errors",
      20_000,
    );
    const start = await edgeCounts(from, "reviews", "ratings");
    const webStart = await nodeCounts(from, "web");
    await sleep(8000);
    const end = await edgeCounts(from, "reviews", "ratings");
    const webEnd = await nodeCounts(from, "web");
    const rate = (end.errors - start.errors) / Math.max(1, end.requests - start.requests);
    const webRate = (webEnd.errors - webStart.errors) / Math.max(1, webEnd.requests - webStart.requests);
    console.log(
      `demo: with the fault, reviews → ratings error rate ${(rate * 100).toFixed(1)}%, web ${(webRate * 100).toFixed(1)}%`,
    );
    expect(end.requests - start.requests).toBeGreaterThan(30);
    expect(rate).toBeGreaterThan(0.06);
    expect(rate).toBeLessThan(0.4);
    // catalog's sidecar retries reviews (which calls ratings afresh), so web sees few of the aborts.
    expect(webEnd.requests - webStart.requests).toBeGreaterThan(60);
    expect(webRate).toBeLessThan(rate / 3);
  }, 60_000);

  it("scenario 3: a delay on pricing raises cart → pricing p99; a 200 ms timeout on web → cart fails fast and ejects cart", async () => {
    const delay = await api.json("PUT", "/api/v1/services/pricing/routes/default/fault", {
      fault: { delay: { percentage: 100, duration: "500ms" } },
      expiresIn: "5m",
      message: "slow pricing",
    });
    expect(delay.status).toBe(200);
    // The range is whole minutes, so it also holds fast calls from before the delay: p99 rises once more
    // than 1% of the calls in it are slow.
    const slow = await waitFor(
      async () => {
        const { body } = await api.json<{
          edges: { source: string; target: string; latencyMs: { p99: number | null } }[];
        }>("GET", `/api/v1/topology?from=now-1m`);
        const edge = body.edges.find((e) => e.source === "cart" && e.target === "pricing");
        return (edge?.latencyMs.p99 ?? 0) > 450 ? edge : undefined;
      },
      "cart → pricing p99 above 450 ms",
      30_000,
    );
    console.log(`demo: cart → pricing p99 with a 500 ms delay ${slow.latencyMs.p99} ms`);

    const { body: current } = await api.json<{
      config: { services: { name: string; routes?: { name: string; timeout?: string }[] }[] };
      revision: { number: number };
    }>("GET", "/api/v1/config");
    const cart = current.config.services.find((x) => x.name === "cart");
    const route = cart?.routes?.find((r) => r.name === "default");
    expect(route?.timeout).toBe("3s");
    route!.timeout = "200ms";
    const put = await api.json("PUT", "/api/v1/config", {
      config: current.config,
      expectedRevision: current.revision.number,
      message: "200ms timeout on web → cart",
    });
    expect(put.status).toBe(200);
    const from = windowStart();
    const first = await edgeCounts(from, "web", "cart");
    await waitFor(
      async () => (await edgeCounts(from, "web", "cart")).errors > first.errors + 5,
      "timeouts",
      20_000,
    );
    const start = await edgeCounts(from, "web", "cart");
    await sleep(6000);
    const end = await edgeCounts(from, "web", "cart");
    const rate = (end.errors - start.errors) / Math.max(1, end.requests - start.requests);
    console.log(`demo: web → cart error rate with the 200 ms timeout ${(rate * 100).toFixed(1)}%`);
    expect(end.requests - start.requests).toBeGreaterThan(20);
    expect(rate).toBeGreaterThan(0.9);
    // Five timeouts in a row eject the only cart instance in web's sidecar; the sidecar reports it.
    await waitFor(
      async () => (await cartEjected()) === 1,
      "cart ejected, as web's sidecar reports it",
      20_000,
    );
  }, 90_000);

  it("scenario 4: restoring the earlier revision undoes every change, and history and audit show it", async () => {
    const restore = await api.json("POST", `/api/v1/revisions/${before}/restore`, {
      message: "end of the tour",
    });
    expect(restore.status).toBe(200);
    const { body: history } = await api.json<{
      revisions: { number: number; author: string; restoredFrom: number | null; message: string }[];
    }>("GET", "/api/v1/revisions?limit=5");
    const [latest, timeout, delay, fault, shift] = history.revisions;
    expect(latest).toMatchObject({ restoredFrom: before, author: "admin" });
    expect(timeout?.message).toBe("200ms timeout on web → cart");
    expect(delay?.message).toBe("slow pricing");
    expect(fault?.message).toBe("chaos: 20% aborts on ratings");
    expect(shift?.message).toBe("canary v2 at 50%");
    const { body: audit } = await api.json<{ events: { action: string; actorName: string }[] }>(
      "GET",
      "/api/v1/audit?action=mesh.&limit=10",
    );
    expect(audit.events.slice(0, 5).map((e) => [e.action, e.actorName])).toEqual([
      ["mesh.restore", "admin"],
      ["mesh.apply", "admin"],
      ["mesh.fault.set", "admin"],
      ["mesh.fault.set", "admin"],
      ["mesh.weights", "admin"],
    ]);

    const from = windowStart();
    await sleep(3000);
    const edgeStart = await edgeCounts(from, "reviews", "ratings");
    const versionStart = await versionCounts(from);
    const cartStart = await edgeCounts(from, "web", "cart");
    await sleep(8000);
    const edgeEnd = await edgeCounts(from, "reviews", "ratings");
    const versionEnd = await versionCounts(from);
    const cartEnd = await edgeCounts(from, "web", "cart");
    const requests = edgeEnd.requests - edgeStart.requests;
    const rate = (edgeEnd.errors - edgeStart.errors) / Math.max(1, requests);
    expect(requests).toBeGreaterThan(30);
    expect(rate).toBeLessThan(0.03);
    expect((versionEnd.v2 ?? 0) - (versionStart.v2 ?? 0)).toBe(0);
    expect((versionEnd.v1 ?? 0) - (versionStart.v1 ?? 0)).toBeGreaterThan(20);
    // cart is still ejected for a while, but with no other endpoint the balancer still uses it (panic).
    expect(cartEnd.requests - cartStart.requests).toBeGreaterThan(10);
    expect(cartEnd.errors - cartStart.errors).toBeLessThanOrEqual(1);
  }, 60_000);

  it("stops every process it started on SIGTERM", async () => {
    expect(childPids.length).toBe(16);
    expect(childPids.every(alive)).toBe(true);
    const code = await demo!.stop("SIGTERM");
    expect(code).toBe(0);
    expect(demo!.output()).toContain("demo: stopped");
    expect(childPids.filter(alive)).toEqual([]);
  }, 30_000);
});
