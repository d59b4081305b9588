import { describe, expect, it } from "vitest";
import { filterGraph } from "./filterGraph";
import { fromTopology } from "./fromTopology";
import { describeUpstream, upstreamBadges, upstreamMarkers, upstreamSummary } from "./upstream";

const figures = (rate: number) => ({ rate, errorRate: 0, latencyMs: { p50: 1, p90: 2, p99: 3 } });

describe("upstream markers", () => {
  it("words ejections and open breakers, ejections first", () => {
    const state = { endpoints: 2, ejected: 1, openBreakers: ["max_requests"] };
    expect(upstreamMarkers(state)).toEqual([
      { kind: "ejection", icon: "⏏", text: "1/2 ejected", short: "1/2 ejected", tiny: "1/2" },
      {
        kind: "breaker-open",
        icon: "⊘",
        text: "breaker open: max_requests",
        short: "max_requests",
        tiny: "",
      },
    ]);
    expect(upstreamSummary(state)).toBe("⏏ 1/2 ejected · ⊘ breaker open: max_requests");
    expect(upstreamBadges(state)).toEqual(["ejection", "breaker-open"]);
  });

  it("names every open limit, and nothing when all is well", () => {
    expect(
      upstreamMarkers({ endpoints: 3, ejected: 0, openBreakers: ["max_connections", "max_retries"] }),
    ).toEqual([
      {
        kind: "breaker-open",
        icon: "⊘",
        text: "breakers open: max_connections, max_retries",
        short: "2 breakers open",
        tiny: "2",
      },
    ]);
    expect(upstreamMarkers(undefined)).toEqual([]);
    expect(upstreamMarkers({ endpoints: 3, ejected: 0, openBreakers: [] })).toEqual([]);
    expect(upstreamSummary(undefined)).toBe("");
  });

  it("describes an edge from its caller and a node from its callers", () => {
    expect(
      describeUpstream({ endpoints: 4, ejected: 1, openBreakers: ["max_requests"] }, "web", "cart"),
    ).toEqual([
      "web's sidecars have ejected 1 of the 4 cart endpoints they see (outlier detection).",
      "web's sidecars report the circuit breaker limit max_requests of cart reached: requests are refused.",
    ]);
    expect(
      describeUpstream(
        { endpoints: 1, ejected: 1, openBreakers: [], callers: ["admin", "web"] },
        null,
        "cart",
      ),
    ).toEqual(["Sidecars of admin, web have ejected 1 of the 1 cart endpoint they see (outlier detection)."]);
  });
});

describe("upstream state in the console's graph", () => {
  const topology = {
    nodes: [
      { name: "web", kind: "service" as const, ...figures(1) },
      {
        name: "cart",
        kind: "service" as const,
        ...figures(1),
        upstream: { endpoints: 2, ejected: 1, openBreakers: [], callers: ["web"] },
      },
      {
        name: "payments",
        kind: "service" as const,
        ...figures(0),
        upstream: { endpoints: 1, ejected: 0, openBreakers: ["max_requests"], callers: ["web"] },
      },
    ],
    edges: [
      {
        source: "web",
        target: "cart",
        ...figures(1),
        upstream: { endpoints: 2, ejected: 1, openBreakers: [] },
      },
      {
        source: "web",
        target: "payments",
        ...figures(0),
        upstream: { endpoints: 1, ejected: 0, openBreakers: ["max_requests"] },
      },
    ],
  };

  it("carries the state to edges and nodes and adds badges after the config's", () => {
    const graph = fromTopology(topology, new Map(), new Map([["cart", ["fault"]]]));
    const node = (id: string) => graph.nodes.find((n) => n.id === id);
    expect(node("cart")?.badges).toEqual(["fault", "ejection"]);
    expect(node("payments")?.badges).toEqual(["breaker-open"]);
    expect(node("web")?.badges).toBeUndefined();
    expect(node("web")).not.toHaveProperty("upstream");
    expect(node("cart")?.upstream).toEqual({ endpoints: 2, ejected: 1, openBreakers: [], callers: ["web"] });
    expect(graph.edges.map((edge) => [edge.id, edge.upstream?.ejected])).toEqual([
      ["web>cart", 1],
      ["web>payments", 0],
    ]);
  });

  it("never hides upstream trouble as idle", () => {
    const graph = fromTopology(topology, new Map());
    const visible = filterGraph(graph, { depth: 1, hideIdle: true });
    expect(visible.edges.map((edge) => edge.id)).toEqual(["web>cart", "web>payments"]);
    expect(visible.nodes.map((n) => n.id)).toEqual(["web", "cart", "payments"]);
    const quiet = fromTopology(
      { ...topology, edges: [{ source: "web", target: "payments", ...figures(0) }] },
      new Map(),
    );
    expect(filterGraph(quiet, { depth: 1, hideIdle: true }).edges).toEqual([]);
  });
});
