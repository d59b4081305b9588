import { describe, expect, it } from "vitest";
import {
  missingPairs,
  pairKey,
  troubledPairs,
  UPSTREAM_STATE_WINDOW_MS,
  upstreamByNode,
  upstreamWindowNs,
} from "./upstream";

const row = (
  source: string,
  destination: string,
  endpoints: number,
  ejected: number,
  open: string[] = [],
) => ({
  source,
  destination,
  endpoints,
  ejected,
  openBreakers: open,
});

describe("upstreamWindowNs", () => {
  it("is the minute before the range's end", () => {
    const window = upstreamWindowNs({ fromMs: 1_000_000, toMs: 5_000_000 }, 9_000_000);
    expect(window).toEqual({ fromNs: 4_940_000_000_000n, toNs: 5_000_000_000_000n });
    expect(window.toNs - window.fromNs).toBe(BigInt(UPSTREAM_STATE_WINDOW_MS) * 1_000_000n);
  });

  it("ends now when the range reaches into the future", () => {
    expect(upstreamWindowNs({ fromMs: 0, toMs: 9_000_000 }, 2_000_000.7)).toEqual({
      fromNs: 1_940_000_000_000n,
      toNs: 2_000_000_000_000n,
    });
  });
});

describe("troubledPairs", () => {
  it("keeps only pairs with an ejection or an open breaker, breakers sorted", () => {
    const pairs = troubledPairs([
      row("web", "cart", 2, 1),
      row("web", "catalog", 3, 0),
      row("cart", "db", 0, 0, ["max_requests", "max_connections"]),
    ]);
    expect([...pairs.entries()]).toEqual([
      [pairKey("web", "cart"), { endpoints: 2, ejected: 1, openBreakers: [] }],
      [
        pairKey("cart", "db"),
        { endpoints: 0, ejected: 0, openBreakers: ["max_connections", "max_requests"] },
      ],
    ]);
  });

  it("never shows fewer endpoints than are ejected (a missing endpoints point)", () => {
    expect(troubledPairs([row("a", "b", 0, 2)]).get(pairKey("a", "b"))).toEqual({
      endpoints: 2,
      ejected: 2,
      openBreakers: [],
    });
  });
});

describe("missingPairs", () => {
  it("lists troubled pairs without a measured edge, in order", () => {
    const troubled = troubledPairs([row("web", "cart", 2, 1), row("b", "z", 1, 1), row("a", "y", 1, 1)]);
    expect(missingPairs([{ source: "web", destination: "cart" }], troubled)).toEqual([
      { source: "a", destination: "y" },
      { source: "b", destination: "z" },
    ]);
  });

  it("keeps names that contain the edge id separator apart", () => {
    const troubled = troubledPairs([row("a>b", "c", 1, 1)]);
    expect(missingPairs([{ source: "a", destination: "b>c" }], troubled)).toEqual([
      { source: "a>b", destination: "c" },
    ]);
  });
});

describe("upstreamByNode", () => {
  it("sums a callee's incoming edges and names the callers", () => {
    const nodes = upstreamByNode([
      { source: "web", target: "cart", upstream: { endpoints: 2, ejected: 1, openBreakers: [] } },
      {
        source: "admin",
        target: "cart",
        upstream: { endpoints: 2, ejected: 0, openBreakers: ["max_requests"] },
      },
      { source: "web", target: "catalog" },
    ]);
    expect([...nodes.entries()]).toEqual([
      ["cart", { endpoints: 4, ejected: 1, openBreakers: ["max_requests"], callers: ["admin", "web"] }],
    ]);
  });
});
