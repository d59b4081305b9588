// A point along a graph edge as xyflow draws it: a cubic Bézier from a source handle on the right of a node
// to a target handle on the left of another (getBezierPath's control points, default curvature). Used to
// place markers away from the middle of an edge, where the figures are and sibling edges converge.

function controlOffset(distance: number, curvature: number): number {
  return distance >= 0 ? 0.5 * distance : curvature * 25 * Math.sqrt(-distance);
}

/** The point at parameter t (0 = source, 1 = target) of the edge from (sx, sy) to (tx, ty). */
export function pointOnEdge(
  t: number,
  source: { x: number; y: number },
  target: { x: number; y: number },
  curvature = 0.25,
): { x: number; y: number } {
  const offset = controlOffset(target.x - source.x, curvature);
  const c1 = { x: source.x + offset, y: source.y };
  const c2 = { x: target.x - offset, y: target.y };
  const u = 1 - t;
  const [a, b, c, d] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return {
    x: a * source.x + b * c1.x + c * c2.x + d * target.x,
    y: a * source.y + b * c1.y + c * c2.y + d * target.y,
  };
}
