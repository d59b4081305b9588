import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import { NODE_WIDTH, type PositionedService, toElkGraph } from "./elkInput";
import { filterGraph, matchNodes, neighboursOf } from "./filterGraph";
import { fromTopology } from "./fromTopology";
import { groupNodes, labelKeys } from "./groupNodes";
import { layoutGraph, layoutKey } from "./layoutGraph";
import { restoreLayout, type SavedLayout, snapshotLayout } from "./layoutSnapshot";
import { syntheticMesh } from "./syntheticMesh";
import { DEFAULT_GRAPH_OPTIONS, type Graph, type GraphEdge, type GraphNode, healthOf } from "./types";

const stats = { errorRate: 0, p50: 1, p90: 2, p99: 3 };
const node = (id: string, rate = 1, extra: Partial<GraphNode> = {}): GraphNode => ({
  id,
  kind: "service",
  rate,
  ...stats,
  ...extra,
});
const edge = (source: string, target: string, rate = 1): GraphEdge => ({
  id: `${source}>${target}`,
  source,
  target,
  rate,
  ...stats,
});

// web → catalog → pricing → db; web → cart; mobile → catalog; batch is idle.
const SHOP: Graph = {
  nodes: [
    node("web", 5, { namespace: "shop", labels: { tier: "front" } }),
    node("mobile", 1, { namespace: "apps" }),
    node("catalog", 5, { namespace: "shop", labels: { tier: "back" } }),
    node("pricing", 2, { namespace: "shop", labels: { tier: "back" } }),
    node("db", 0, { kind: "external" }),
    node("cart", 1, { namespace: "shop" }),
    node("batch", 0, { namespace: "jobs" }),
  ],
  edges: [
    edge("web", "catalog"),
    edge("catalog", "pricing"),
    edge("pricing", "db"),
    edge("web", "cart"),
    edge("mobile", "catalog"),
    edge("batch", "db", 0),
  ],
};

const ids = (graph: Graph) => graph.nodes.map((n) => n.id).sort();

describe("filterGraph", () => {
  it("focuses on callers and callees up to the depth, without siblings", () => {
    const one = filterGraph(SHOP, { focus: "catalog", depth: 1, hideIdle: false });
    expect(ids(one)).toEqual(["catalog", "mobile", "pricing", "web"]);
    expect(one.edges.map((e) => e.id).sort()).toEqual(["catalog>pricing", "mobile>catalog", "web>catalog"]);
    // web's other callee (cart) is a sibling, not a caller or callee of catalog.
    expect(ids(filterGraph(SHOP, { focus: "catalog", depth: 5, hideIdle: false }))).toEqual([
      "catalog",
      "db",
      "mobile",
      "pricing",
      "web",
    ]);
    expect(ids(filterGraph(SHOP, { focus: "catalog", depth: 0, hideIdle: false }))).toEqual(["catalog"]);
  });

  it("hides idle nodes and edges but keeps quiet callees that still receive traffic", () => {
    const busy = filterGraph(SHOP, { depth: 2, hideIdle: true });
    expect(ids(busy)).toEqual(["cart", "catalog", "db", "mobile", "pricing", "web"]);
    expect(busy.edges.some((e) => e.source === "batch")).toBe(false);
    // The focused service stays even when idle.
    expect(ids(filterGraph(SHOP, { focus: "batch", depth: 1, hideIdle: true }))).toEqual(["batch"]);
  });

  it("leaves the graph whole for an unknown focus, and finds neighbours and search hits", () => {
    expect(ids(filterGraph(SHOP, { focus: "nope", depth: 1, hideIdle: false }))).toHaveLength(7);
    expect([...matchNodes(SHOP, "CA")].sort()).toEqual(["cart", "catalog"]);
    expect(matchNodes(SHOP, "  ").size).toBe(0);
    const { callers, callees } = neighboursOf(SHOP, "catalog");
    expect(callers.map((e) => e.source).sort()).toEqual(["mobile", "web"]);
    expect(callees.map((e) => e.target)).toEqual(["pricing"]);
  });
});

describe("grouping and health", () => {
  it("groups by namespace or label, with a bucket for nodes without one", () => {
    const byNamespace = groupNodes(SHOP.nodes, { kind: "namespace" });
    expect(byNamespace.groups.map((g) => [g.label, g.members])).toEqual([
      ["namespace (no namespace)", ["db"]],
      ["namespace apps", ["mobile"]],
      ["namespace jobs", ["batch"]],
      ["namespace shop", ["cart", "catalog", "pricing", "web"]],
    ]);
    const byTier = groupNodes(SHOP.nodes, { kind: "label", key: "tier" });
    expect(byTier.groupOf.get("pricing")).toBe("group:back");
    expect(byTier.groupOf.get("db")).toBe("group:(no tier)");
    expect(labelKeys(SHOP.nodes)).toEqual(["tier"]);
  });

  it("colours by error rate, idle when there is no traffic", () => {
    expect(healthOf({ rate: 0, errorRate: 0 })).toBe("idle");
    expect(healthOf({ rate: 3, errorRate: 0.001 })).toBe("healthy");
    expect(healthOf({ rate: 3, errorRate: 0.02 })).toBe("degraded");
    expect(healthOf({ rate: 3, errorRate: 0.5 })).toBe("failing");
  });
});

describe("layoutGraph", () => {
  const elk = new ELK();

  it("lays callers left of callees and keeps positions keyed by structure only", async () => {
    const layout = await layoutGraph(SHOP, DEFAULT_GRAPH_OPTIONS, elk);
    const x = (id: string) => (layout.nodes.find((n) => n.id === id) as PositionedService).x;
    expect(x("web")).toBeLessThan(x("catalog"));
    expect(x("catalog")).toBeLessThan(x("pricing"));
    expect(x("pricing")).toBeLessThan(x("db"));
    expect(layout.edges).toHaveLength(6);
    const busier = { ...SHOP, nodes: SHOP.nodes.map((n) => ({ ...n, rate: n.rate * 10 + 1 })) };
    expect(layoutKey(busier, null)).toBe(layout.key);
    expect(layoutKey({ ...SHOP, edges: SHOP.edges.slice(1) }, null)).not.toBe(layout.key);
  });

  it("puts groups first with members positioned inside them", async () => {
    const layout = await layoutGraph(SHOP, { ...DEFAULT_GRAPH_OPTIONS, groupBy: { kind: "namespace" } }, elk);
    expect(layout.nodes.slice(0, 4).map((n) => n.type)).toEqual(["group", "group", "group", "group"]);
    const shop = layout.nodes.find((n) => n.id === "group:shop")!;
    const catalog = layout.nodes.find((n) => n.id === "catalog") as PositionedService;
    expect(catalog.parentId).toBe("group:shop");
    expect(catalog.x + NODE_WIDTH).toBeLessThanOrEqual(shop.width);
    expect(toElkGraph(SHOP).layoutOptions?.["elk.layered.thoroughness"]).toBeUndefined();
  });

  it("returns an empty layout without calling the engine when nothing is left", async () => {
    const engine = { layout: () => Promise.reject(new Error("must not be called")) };
    const empty = await layoutGraph({ nodes: [], edges: [] }, DEFAULT_GRAPH_OPTIONS, engine);
    expect(empty.nodes).toEqual([]);
  });

  it("lays out 500 services and 2,000 edges, grouped and not", { timeout: 120_000 }, async () => {
    const mesh = syntheticMesh({ services: 500, calls: 2_000, seed: 7 });
    const graph: Graph = {
      nodes: mesh.services.map((s) => node(s.name, 1, { namespace: s.namespace })),
      edges: mesh.calls.map((c) => edge(c.from, c.to)),
    };
    expect(graph.edges).toHaveLength(2_000);
    expect(toElkGraph(graph).layoutOptions?.["elk.layered.thoroughness"]).toBe("1");
    for (const groupBy of [{ kind: "none" }, { kind: "namespace" }] as const) {
      const layout = await layoutGraph(graph, { ...DEFAULT_GRAPH_OPTIONS, groupBy }, elk);
      const services = layout.nodes.filter((n): n is PositionedService => n.type === "service");
      expect(services).toHaveLength(500);
      expect(layout.edges).toHaveLength(2_000);
      const spots = new Set(services.map((s) => `${s.parentId}:${Math.round(s.x)}:${Math.round(s.y)}`));
      expect(spots.size).toBe(500);
    }
  });
});

describe("fromTopology", () => {
  it("maps API figures, adds config namespaces and badges, and lists silent configured services", () => {
    const figures = { rate: 2, errorRate: null, latencyMs: { p50: 1, p90: 2, p99: 3 } };
    const graph = fromTopology(
      {
        nodes: [
          { name: "web", kind: "service", ...figures },
          { name: "postgres", kind: "external", ...figures, errorRate: 0.5 },
        ],
        edges: [{ source: "web", target: "postgres", ...figures }],
      },
      new Map([
        ["web", { namespace: "shop" }],
        ["cart", { namespace: "shop", labels: { team: "pay" } }],
      ]),
      new Map([["cart", ["fault" as const]]]),
    );
    expect(graph.nodes).toEqual([
      {
        id: "web",
        kind: "service",
        rate: 2,
        errorRate: 0,
        p50: 1,
        p90: 2,
        p99: 3,
        namespace: "shop",
        labels: undefined,
        badges: undefined,
      },
      {
        id: "postgres",
        kind: "external",
        rate: 2,
        errorRate: 0.5,
        p50: 1,
        p90: 2,
        p99: 3,
        namespace: undefined,
        labels: undefined,
        badges: undefined,
      },
      {
        id: "cart",
        kind: "service",
        rate: 0,
        errorRate: 0,
        p50: null,
        p90: null,
        p99: null,
        namespace: "shop",
        labels: { team: "pay" },
        badges: ["fault"],
      },
    ]);
    expect(graph.edges).toEqual([
      {
        id: "web>postgres",
        source: "web",
        target: "postgres",
        rate: 2,
        errorRate: 0,
        p50: 1,
        p90: 2,
        p99: 3,
      },
    ]);
  });
});

describe("layout snapshots", () => {
  it("restores the same layout for the same structure, with fresh figures, and refuses another", async () => {
    const options = { ...DEFAULT_GRAPH_OPTIONS, groupBy: { kind: "namespace" } as const };
    const layout = await layoutGraph(SHOP, options, new ELK());
    const saved = JSON.parse(JSON.stringify(snapshotLayout(layout))) as SavedLayout;
    const busier: Graph = { ...SHOP, nodes: SHOP.nodes.map((n) => ({ ...n, rate: n.rate + 100 })) };
    const restored = restoreLayout(saved, busier, options);
    expect(restored?.nodes.map((n) => [n.id, n.x, n.y])).toEqual(layout.nodes.map((n) => [n.id, n.x, n.y]));
    const web = restored?.nodes.find((n) => n.id === "web") as PositionedService;
    expect(web.node.rate).toBe(105);
    expect(restored?.edges).toHaveLength(6);
    expect(restoreLayout(saved, { ...SHOP, edges: SHOP.edges.slice(1) }, options)).toBeNull();
    expect(restoreLayout(saved, SHOP, DEFAULT_GRAPH_OPTIONS)).toBeNull();
    expect(restoreLayout(null, SHOP, options)).toBeNull();
  });
});
