import { canonicalJson } from "../canonical";
import { joinPath } from "../path";
import { destinationKey } from "../rules";
import type { MeshConfig } from "../schema";
import { summarizeDiff } from "./summarizeDiff";

/**
 * One difference between two configs. Named list items are addressed by name, not index
 * (`services[reviews].subsets[v2]`), destinations by `service|subset`, endpoints by `address:port`, so
 * inserting an item does not make every later item look changed.
 */
export interface DiffEntry {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

export interface MeshDiff {
  entries: DiffEntry[];
  /** One short line per service (or authorization policy) that changed. */
  summary: string[];
}

export function diffMeshConfig(before: MeshConfig, after: MeshConfig): MeshDiff {
  const entries: DiffEntry[] = [];
  diffValue(before, after, "", "", entries);
  return { entries, summary: summarizeDiff(entries) };
}

type Json = unknown;
type KeyOf = (item: Json, index: number) => string;

interface ListStrategy {
  keyOf: KeyOf;
  /** Order carries meaning (rules are evaluated in order), so a reorder is a change. */
  ordered: boolean;
}

const byIndex: KeyOf = (_item, index) => String(index);

const byName: KeyOf = (item, index) => {
  const name = isRecord(item) ? item.name : undefined;
  return typeof name === "string" ? name : String(index);
};

const byDestination: KeyOf = (item, index) => {
  if (!isRecord(item) || typeof item.service !== "string") return String(index);
  return destinationKey({
    service: item.service,
    subset: typeof item.subset === "string" ? item.subset : undefined,
  });
};

const byAddress: KeyOf = (item, index) => {
  if (!isRecord(item) || typeof item.address !== "string") return String(index);
  const host = item.address.includes(":") ? `[${item.address}]` : item.address;
  return `${host}:${String(item.port)}`;
};

const LIST_STRATEGIES: Record<string, ListStrategy> = {
  services: { keyOf: byName, ordered: false },
  subsets: { keyOf: byName, ordered: false },
  authorization: { keyOf: byName, ordered: false },
  routes: { keyOf: byName, ordered: true },
  destinations: { keyOf: byDestination, ordered: false },
  endpoints: { keyOf: byAddress, ordered: false },
  headers: { keyOf: byName, ordered: false },
  query: { keyOf: byName, ordered: false },
};

function diffValue(before: Json, after: Json, path: string, property: string, out: DiffEntry[]): void {
  if (canonicalJson(before) === canonicalJson(after)) return;
  if (isRecord(before) && isRecord(after)) {
    diffObject(before, after, path, out);
  } else if (
    Array.isArray(before) &&
    Array.isArray(after) &&
    before.every(isRecord) &&
    after.every(isRecord)
  ) {
    diffList(before, after, path, LIST_STRATEGIES[property] ?? { keyOf: byIndex, ordered: false }, out);
  } else {
    // Scalars, lists of scalars (retryOn, methods) and type changes are reported whole.
    out.push({ path, kind: "changed", before, after });
  }
}

function diffObject(
  before: Record<string, Json>,
  after: Record<string, Json>,
  path: string,
  out: DiffEntry[],
) {
  const keys = [...Object.keys(before), ...Object.keys(after).filter((key) => !(key in before))];
  for (const key of keys) {
    const childPath = joinPath(path, key);
    if (!(key in after) || after[key] === undefined) {
      if (before[key] !== undefined) out.push({ path: childPath, kind: "removed", before: before[key] });
    } else if (!(key in before) || before[key] === undefined) {
      out.push({ path: childPath, kind: "added", after: after[key] });
    } else {
      diffValue(before[key], after[key], childPath, key, out);
    }
  }
}

function diffList(
  before: Json[],
  after: Json[],
  path: string,
  strategy: ListStrategy,
  out: DiffEntry[],
): void {
  const beforeKeys = before.map(strategy.keyOf);
  const afterKeys = after.map(strategy.keyOf);
  // Duplicate keys (an invalid config) cannot be matched by key; compare by position instead.
  const keyed =
    new Set(beforeKeys).size === beforeKeys.length && new Set(afterKeys).size === afterKeys.length;
  const keysBefore = keyed ? beforeKeys : before.map((_, index) => String(index));
  const keysAfter = keyed ? afterKeys : after.map((_, index) => String(index));
  const afterByKey = new Map(keysAfter.map((key, index) => [key, after[index]]));
  const beforeByKey = new Map(keysBefore.map((key, index) => [key, before[index]]));
  keysBefore.forEach((key, index) => {
    const itemPath = `${path}[${key}]`;
    if (!afterByKey.has(key)) out.push({ path: itemPath, kind: "removed", before: before[index] });
    else diffValue(before[index], afterByKey.get(key), itemPath, "", out);
  });
  keysAfter.forEach((key, index) => {
    if (!beforeByKey.has(key)) out.push({ path: `${path}[${key}]`, kind: "added", after: after[index] });
  });
  if (strategy.ordered) {
    const common = new Set(keysBefore.filter((key) => afterByKey.has(key)));
    const orderBefore = keysBefore.filter((key) => common.has(key));
    const orderAfter = keysAfter.filter((key) => common.has(key));
    if (orderBefore.join("\n") !== orderAfter.join("\n")) {
      out.push({ path, kind: "changed", before: keysBefore, after: keysAfter });
    }
  }
}

function isRecord(value: unknown): value is Record<string, Json> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
