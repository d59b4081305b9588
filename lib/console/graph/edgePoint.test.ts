import { getBezierPath, Position } from "@xyflow/react";
import { describe, expect, it } from "vitest";
import { pointOnEdge } from "./edgePoint";

describe("pointOnEdge", () => {
  it.each([
    [
      { x: 0, y: 20 },
      { x: 150, y: 100 },
    ],
    [
      { x: 300, y: 0 },
      { x: 100, y: 80 },
    ],
  ])("agrees with xyflow's label point in the middle (%o → %o)", (source, target) => {
    const [, labelX, labelY] = getBezierPath({
      sourceX: source.x,
      sourceY: source.y,
      sourcePosition: Position.Right,
      targetX: target.x,
      targetY: target.y,
      targetPosition: Position.Left,
    });
    const middle = pointOnEdge(0.5, source, target);
    expect(middle.x).toBeCloseTo(labelX, 6);
    expect(middle.y).toBeCloseTo(labelY, 6);
  });

  it("starts at the source, ends at the target, and is nearer the target's height late on", () => {
    const source = { x: 0, y: 0 };
    const target = { x: 140, y: 100 };
    expect(pointOnEdge(0, source, target)).toEqual(source);
    expect(pointOnEdge(1, source, target)).toEqual(target);
    const late = pointOnEdge(0.7, source, target);
    expect(late.x).toBeCloseTo(140 * 0.658, 6);
    expect(late.y).toBeCloseTo(100 * 0.784, 6);
  });
});
