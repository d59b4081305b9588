import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { UPSTREAM_STATE_ATTRIBUTES, UPSTREAM_STATE_METRICS } from "@/lib/telemetry/metric-contract";
import { LIST_UPSTREAM_STATE_SQL } from "./listUpstreamState";

// The query and the partial index name the metrics as literals (the planner proves the index applies
// only from literals); these tests keep both equal to the contract.

const quoted = (text: string) => [...text.matchAll(/'(weft\.[^']+)'/g)].map((m) => m[1]);

describe("listUpstreamState SQL", () => {
  it("names exactly the contract's metrics and attributes", () => {
    const literals = new Set(quoted(LIST_UPSTREAM_STATE_SQL));
    expect(literals).toEqual(
      new Set([
        ...Object.values(UPSTREAM_STATE_METRICS),
        UPSTREAM_STATE_ATTRIBUTES.sourceService,
        UPSTREAM_STATE_ATTRIBUTES.destinationService,
        UPSTREAM_STATE_ATTRIBUTES.breakerLimit,
      ]),
    );
  });

  it("filters on the same metric list as the partial index's predicate", () => {
    const migration = fs.readFileSync(
      path.join(process.cwd(), "prisma/migrations/20261122000000_upstream_state_index/migration.sql"),
      "utf8",
    );
    const inList = (sql: string) => /metric_name IN \(([^)]*)\)/.exec(sql)?.[1]?.replace(/\s+/g, " ");
    expect(inList(LIST_UPSTREAM_STATE_SQL)).toBeDefined();
    expect(inList(LIST_UPSTREAM_STATE_SQL)).toBe(inList(migration));
    expect(new Set(quoted(inList(migration) ?? ""))).toEqual(new Set(Object.values(UPSTREAM_STATE_METRICS)));
  });
});
