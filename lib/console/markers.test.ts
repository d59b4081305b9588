import { describe, expect, it } from "vitest";
import { loadSample } from "@/lib/mesh/samples/loadSample";
import { activeFaults, describeFault } from "./activeFaults";
import { markersForService, markersInRange, type RevisionSummary } from "./markers";
import { nextSort, sortRows } from "./sortRows";

const revisions: RevisionSummary[] = [
  {
    number: 3,
    createdAt: "2026-03-10T11:50:00Z",
    author: "alice",
    message: "",
    summary: ["reviews: weights v1 80→70, v2 20→30"],
  },
  {
    number: 2,
    createdAt: "2026-03-10T11:00:00Z",
    author: "bob",
    message: "raise cart timeout",
    summary: ["cart: timeout"],
  },
  { number: 1, createdAt: "2026-03-09T00:00:00Z", author: "alice", message: "first", summary: [] },
  { number: 0, createdAt: null, author: "", message: "the empty mesh", summary: [] },
];

describe("change markers", () => {
  it("keeps revisions inside the window, oldest first, with links to their diffs", () => {
    const from = Date.parse("2026-03-10T10:00:00Z");
    const to = Date.parse("2026-03-10T12:00:00Z");
    const markers = markersInRange(revisions, from, to);
    expect(markers).toEqual([
      {
        revision: 2,
        atMs: Date.parse("2026-03-10T11:00:00Z"),
        label: "r2 by bob: raise cart timeout",
        href: "/policy?tab=history&revision=2",
      },
      {
        revision: 3,
        atMs: Date.parse("2026-03-10T11:50:00Z"),
        label: "r3 by alice: reviews: weights v1 80→70, v2 20→30",
        href: "/policy?tab=history&revision=3",
      },
    ]);
    expect(markersForService(markers, revisions, "reviews").map((m) => m.revision)).toEqual([3]);
  });
});

describe("activeFaults", () => {
  it("lists unexpired faults and describes them", () => {
    const config = loadSample("shop");
    const before = activeFaults(config, Date.parse("2029-12-31T00:00:00Z"));
    expect(before.map((f) => [f.service, f.rule])).toEqual([["ratings", "chaos"]]);
    expect(describeFault(before[0]!.fault)).toBe("delay 10% 500ms, abort 5.5% HTTP 503, when x-chaos");
    expect(activeFaults(config, Date.parse("2030-01-02T00:00:00Z"))).toEqual([]);
  });
});

describe("sortRows", () => {
  const rows = [
    { name: "b", rate: 3 },
    { name: "a", rate: null },
    { name: "c", rate: 10 },
    { name: "d", rate: 3 },
  ];
  it("sorts numbers and strings with missing values last in both directions", () => {
    const by = (row: (typeof rows)[number], key: "name" | "rate") => row[key];
    expect(sortRows(rows, { key: "rate", direction: "desc" }, by).map((r) => r.name)).toEqual([
      "c",
      "b",
      "d",
      "a",
    ]);
    expect(sortRows(rows, { key: "rate", direction: "asc" }, by).map((r) => r.name)).toEqual([
      "b",
      "d",
      "c",
      "a",
    ]);
    expect(sortRows(rows, { key: "name", direction: "asc" }, by).map((r) => r.name)).toEqual([
      "a",
      "b",
      "c",
      "d",
    ]);
  });
  it("flips the same column and starts a new one descending", () => {
    expect(nextSort({ key: "rate", direction: "desc" }, "rate")).toEqual({ key: "rate", direction: "asc" });
    expect(nextSort({ key: "rate", direction: "asc" }, "name", "asc")).toEqual({
      key: "name",
      direction: "asc",
    });
  });
});
