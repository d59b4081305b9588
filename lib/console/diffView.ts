import { stringify } from "yaml";
import type { DiffEntry } from "@/lib/mesh/diff/diffMeshConfig";

/**
 * How the console shows a config diff (from diffMeshConfig): one section per service or authorization
 * policy, each line a path relative to it with before and after values. Scalars and short lists read
 * inline; objects are shown as YAML blocks, like the YAML view.
 */

export interface RenderedValue {
  text: string;
  multiline: boolean;
}

export interface DiffLineView {
  /** Relative to the section, e.g. `routes[split].destinations[reviews|v1].weight`; "" for the whole item. */
  path: string;
  /** The same path split for display: ["routes[split]", "destinations[reviews|v1]", "weight"]. */
  segments: string[];
  kind: DiffEntry["kind"];
  before: RenderedValue | null;
  after: RenderedValue | null;
}

export interface DiffSectionView {
  /** "service reviews", "authorization web-to-backends" or "mesh". */
  title: string;
  /** The service or policy name, for links; null for mesh-wide lines. */
  name: string | null;
  kind: "service" | "authorization" | "mesh";
  lines: DiffLineView[];
  counts: Record<DiffEntry["kind"], number>;
}

const OWNER = /^(services|authorization)\[([^\]]+)\](?:\.(.*))?$/;
const INLINE_LIMIT = 60;

export function diffView(entries: readonly DiffEntry[]): DiffSectionView[] {
  const sections = new Map<string, DiffSectionView>();
  for (const entry of entries) {
    const owner = OWNER.exec(entry.path);
    const kind = owner ? (owner[1] === "services" ? "service" : "authorization") : "mesh";
    const name = owner?.[2] ?? null;
    const title = name === null ? "mesh" : `${kind} ${name}`;
    let section = sections.get(title);
    if (!section) {
      section = { title, name, kind, lines: [], counts: { added: 0, removed: 0, changed: 0 } };
      sections.set(title, section);
    }
    const path = owner ? (owner[3] ?? "") : entry.path;
    section.counts[entry.kind]++;
    section.lines.push({
      path,
      segments: splitPath(path),
      kind: entry.kind,
      before: entry.kind === "added" ? null : renderValue(entry.before),
      after: entry.kind === "removed" ? null : renderValue(entry.after),
    });
  }
  return [...sections.values()];
}

/** Splits at dots outside brackets (names in brackets may contain dots, e.g. endpoint addresses). */
export function splitPath(path: string): string[] {
  if (path === "") return [];
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of path) {
    if (char === "[") depth++;
    if (char === "]") depth = Math.max(0, depth - 1);
    if (char === "." && depth === 0) {
      out.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  out.push(current);
  return out;
}

export function renderValue(value: unknown): RenderedValue {
  if (value === undefined) return { text: "unset", multiline: false };
  if (value === null || typeof value !== "object") return { text: String(value), multiline: false };
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== "object")) {
    const text = `[${value.map(String).join(", ")}]`;
    if (text.length <= INLINE_LIMIT) return { text, multiline: false };
  }
  return { text: stringify(value, { lineWidth: 0 }).trimEnd(), multiline: true };
}

/** Totals across sections, for the dry-run header ("3 changed, 1 added"). */
export function describeCounts(sections: readonly DiffSectionView[]): string {
  const totals = { added: 0, removed: 0, changed: 0 };
  for (const section of sections) {
    totals.added += section.counts.added;
    totals.removed += section.counts.removed;
    totals.changed += section.counts.changed;
  }
  const parts = (["changed", "added", "removed"] as const)
    .filter((kind) => totals[kind] > 0)
    .map((kind) => `${totals[kind]} ${kind}`);
  return parts.length === 0 ? "no changes" : parts.join(", ");
}
