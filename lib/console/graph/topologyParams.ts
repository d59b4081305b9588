import { DEFAULT_GRAPH_OPTIONS, type GraphOptions, type GroupBy } from "./types";

/**
 * The topology view's state in the URL: `focus`, `depth`, `idle=hide`, `group=namespace|label:<key>`,
 * `select=node:<id>|edge:<source>><target>` and `q` (highlight), next to the console's time range.
 */

export interface TopologyParams extends GraphOptions {
  select: { kind: "node" | "edge"; id: string } | null;
  search: string;
}

export const MAX_FOCUS_DEPTH = 5;

export function readTopologyParams(params: { get(name: string): string | null }): TopologyParams {
  const depth = Number(params.get("depth"));
  const select = params.get("select");
  const selectMatch = select ? /^(node|edge):(.+)$/.exec(select) : null;
  return {
    focus: params.get("focus") || undefined,
    depth:
      Number.isInteger(depth) && depth >= 1 && depth <= MAX_FOCUS_DEPTH ? depth : DEFAULT_GRAPH_OPTIONS.depth,
    hideIdle: params.get("idle") === "hide",
    groupBy: parseGroupBy(params.get("group")),
    select: selectMatch ? { kind: selectMatch[1] as "node" | "edge", id: selectMatch[2]! } : null,
    search: params.get("q") ?? "",
  };
}

export function parseGroupBy(text: string | null): GroupBy {
  if (text === "namespace") return { kind: "namespace" };
  if (text?.startsWith("label:") && text.length > 6) return { kind: "label", key: text.slice(6) };
  return { kind: "none" };
}

export function formatGroupBy(groupBy: GroupBy): string {
  if (groupBy.kind === "none") return "";
  return groupBy.kind === "namespace" ? "namespace" : `label:${groupBy.key}`;
}

/** New URL parameters with the topology state changed and everything else (the range) kept. */
export function writeTopologyParams(current: string, patch: Partial<TopologyParams>): string {
  const params = new URLSearchParams(current);
  const set = (name: string, value: string) => {
    if (value === "") params.delete(name);
    else params.set(name, value);
  };
  if ("focus" in patch) set("focus", patch.focus ?? "");
  if (patch.depth !== undefined)
    set("depth", patch.depth === DEFAULT_GRAPH_OPTIONS.depth ? "" : String(patch.depth));
  if (patch.hideIdle !== undefined) set("idle", patch.hideIdle ? "hide" : "");
  if (patch.groupBy !== undefined) set("group", formatGroupBy(patch.groupBy));
  if ("select" in patch) set("select", patch.select ? `${patch.select.kind}:${patch.select.id}` : "");
  if (patch.search !== undefined) set("q", patch.search.trim());
  return params.toString();
}
