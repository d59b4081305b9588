/**
 * One path format for every message about a config: `services[2].routes[0].destinations[1].weight`.
 * Numbers become `[n]`, identifier-like keys `.key`, other record keys `["key"]`.
 * Diff paths use the same format with `[name]` segments for named list items (see diff/).
 */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out.length === 0 ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Appends one segment to an already formatted path. */
export function joinPath(base: string, segment: PathSegment): string {
  const tail = formatPath([segment]);
  if (base.length === 0) return tail;
  return tail.startsWith("[") ? base + tail : `${base}.${tail}`;
}
