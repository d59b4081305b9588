import type { DiffEntry } from "./diffMeshConfig";

const MAX_PARTS_PER_LINE = 6;

const OWNER = /^(services|authorization)\[([^\]]+)\](?:\.(.*))?$/;
const WEIGHT = /^routes\[([^\]]+)\]\.destinations\[([^\]]+)\](\.weight)?$/;

interface WeightChange {
  rule: string;
  text: string;
}

/**
 * A short human summary, one line per changed service or authorization policy, e.g.
 * "reviews: weights v1 80→50, v2 20→50". Weight changes are grouped; other changes are named by their
 * path relative to the service.
 */
export function summarizeDiff(entries: readonly DiffEntry[]): string[] {
  const groups = new Map<string, { weights: WeightChange[]; parts: string[] }>();
  const groupFor = (owner: string) => {
    let group = groups.get(owner);
    if (!group) {
      group = { weights: [], parts: [] };
      groups.set(owner, group);
    }
    return group;
  };
  for (const entry of entries) {
    const owner = OWNER.exec(entry.path);
    if (!owner) {
      groupFor("mesh").parts.push(describe(entry.path, entry));
      continue;
    }
    const [, list = "", name = "", rest] = owner;
    const group = groupFor(list === "services" ? name : `authorization ${name}`);
    if (rest === undefined) {
      group.parts.push(
        entry.kind === "changed" ? "changed" : `${list === "services" ? "service" : "policy"} ${entry.kind}`,
      );
      continue;
    }
    const weight = list === "services" ? weightChange(rest, entry, name) : null;
    if (weight) group.weights.push(weight);
    else group.parts.push(describe(rest, entry));
  }
  const lines: string[] = [];
  for (const [owner, group] of groups) {
    const parts = [...weightParts(group.weights), ...group.parts];
    const shown = parts.slice(0, MAX_PARTS_PER_LINE);
    const more = parts.length - shown.length;
    lines.push(`${owner}: ${shown.join("; ")}${more > 0 ? `; +${more} more` : ""}`);
  }
  return lines;
}

function weightChange(rest: string, entry: DiffEntry, service: string): WeightChange | null {
  const match = WEIGHT.exec(rest);
  if (!match) return null;
  const [, rule = "", destination = "", isWeight] = match;
  const label = destinationLabel(destination, service);
  if (isWeight) {
    if (entry.kind !== "changed") return null;
    return { rule, text: `${label} ${format(entry.before)}→${format(entry.after)}` };
  }
  if (entry.kind === "added") return { rule, text: `${label} added${weightSuffix(entry.after)}` };
  if (entry.kind === "removed") return { rule, text: `${label} removed` };
  return null;
}

/** "v2" for a subset of the service itself, otherwise "ratings" or "ratings|v2". */
function destinationLabel(key: string, service: string): string {
  const [target, subset] = key.split("|");
  return target === service && subset !== undefined ? subset : key;
}

function weightParts(weights: readonly WeightChange[]): string[] {
  const byRule = new Map<string, string[]>();
  for (const change of weights) byRule.set(change.rule, [...(byRule.get(change.rule) ?? []), change.text]);
  // Name the rule only when it is ambiguous.
  const nameRules = byRule.size > 1;
  return [...byRule].map(([rule, texts]) => `${nameRules ? `rule ${rule} ` : ""}weights ${texts.join(", ")}`);
}

function describe(path: string, entry: DiffEntry): string {
  if (entry.kind === "added") return `${path} added${scalarSuffix(entry.after)}`;
  if (entry.kind === "removed") return `${path} removed`;
  if (/(^|\.)routes$/.test(path) && Array.isArray(entry.after)) return "rules reordered";
  if (isPlain(entry.before) && isPlain(entry.after))
    return `${path} ${format(entry.before)}→${format(entry.after)}`;
  return `${path} changed`;
}

function scalarSuffix(value: unknown): string {
  return isPlain(value) ? ` (${format(value)})` : "";
}

function weightSuffix(value: unknown): string {
  if (value !== null && typeof value === "object" && "weight" in value) return ` (${format(value.weight)})`;
  return "";
}

function isScalar(value: unknown): boolean {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

/** Scalars and lists of scalars read well inline. */
function isPlain(value: unknown): boolean {
  return isScalar(value) || (Array.isArray(value) && value.every(isScalar));
}

function format(value: unknown): string {
  if (value === undefined) return "unset";
  if (Array.isArray(value)) return `[${value.map(format).join(", ")}]`;
  return isScalar(value) ? String(value) : JSON.stringify(value);
}
