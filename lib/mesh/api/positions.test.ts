import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/auth/errors";
import { formatPath } from "../path";
import { locateProblems, parsePath, withPositions } from "./positions";

const DOC = `services:
  - name: reviews
    routes:
      - name: split
        destinations:
          - { service: reviews, subset: v1, weight: 70 }
          - { service: reviews, subset: v9, weight: 20 }
    labels:
      app.kubernetes.io/name: reviews
`;

describe("parsePath", () => {
  it("reads back what formatPath writes", () => {
    const paths = [
      ["services", 2, "routes", 0, "destinations", 1, "weight"],
      ["services", 0, "labels", "app.kubernetes.io/name"],
      [],
      ['quote"d'],
    ];
    for (const segments of paths) expect(parsePath(formatPath(segments))).toEqual(segments);
    expect(parsePath("services[x]")).toBeUndefined();
    expect(parsePath("services..a")).toBeUndefined();
  });
});

describe("locateProblems", () => {
  it("adds the line and column of each problem's node, or of its nearest ancestor", () => {
    expect(
      locateProblems(DOC, [
        { path: "services[0].routes[0].destinations[1].subset", message: "unknown subset" },
        { path: "services[0].routes[0].destinations", message: "weights sum to 90" },
        { path: "services[0].routes[0].timeout", message: "missing" },
        { path: 'services[0].labels["app.kubernetes.io/name"]', message: "bad" },
        { path: "", message: "whole document", line: 9, column: 9 },
      ]),
    ).toEqual([
      {
        path: "services[0].routes[0].destinations[1].subset",
        message: "unknown subset",
        line: 7,
        column: 41,
      },
      { path: "services[0].routes[0].destinations", message: "weights sum to 90", line: 6, column: 11 },
      { path: "services[0].routes[0].timeout", message: "missing", line: 4, column: 9 },
      { path: 'services[0].labels["app.kubernetes.io/name"]', message: "bad", line: 9, column: 31 },
      { path: "", message: "whole document", line: 9, column: 9 },
    ]);
  });

  it("only touches invalid_config errors that came with a document", () => {
    const invalid = new DomainError(400, "invalid_config", "m", [{ path: "services[0]", message: "x" }]);
    expect(withPositions(invalid, DOC)).toMatchObject({
      details: [{ path: "services[0]", line: 2, column: 5 }],
    });
    expect(withPositions(invalid, undefined)).toBe(invalid);
    const other = new DomainError(409, "stale_revision", "m");
    expect(withPositions(other, DOC)).toBe(other);
  });
});
