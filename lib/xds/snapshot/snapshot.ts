import { contentHash, type EncodedResource, encodeResource } from "../protos";
import { RESOURCE_KINDS, type ResourceKind } from "../resource-types";

/** The translator's output: plain resource objects (snake_case, Anys with "@type"), grouped by type. */
export type ResourceObjects = Partial<Record<ResourceKind, readonly object[]>>;

/** All resources of one type, by name, with the type's version (a hash over names and contents). */
export interface ResourceSet {
  readonly version: string;
  readonly resources: ReadonlyMap<string, EncodedResource>;
  /**
   * A resource the set serves under a name it does not list (gRPC's `xds:///reviews:50051` asks for the
   * listener "reviews:50051"); derived from listed resources, so the set's version covers it.
   */
  readonly alias?: (name: string) => EncodedResource | undefined;
}

/** A resource by name, listed or derived. */
export function resourceNamed(set: ResourceSet, name: string): EncodedResource | undefined {
  return set.resources.get(name) ?? set.alias?.(name);
}

/** What one node should see: a resource set per type. Immutable once built. */
export type Snapshot = Readonly<Record<ResourceKind, ResourceSet>>;

export class SnapshotBuildError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid snapshot: ${problems.join("; ")}`);
    this.name = "SnapshotBuildError";
  }
}

/** Derives a resource object of `kind` for a name no resource has (see ResourceSet.alias). */
export type AliasResolver = (kind: ResourceKind, name: string) => object | undefined;

/** Aliases resolved per set; a client asks for few, so the memo stays small. */
const MAX_ALIASES_PER_SET = 256;

/** Encodes every resource (cached across nodes) and computes the per-type versions. */
export function buildSnapshot(objects: ResourceObjects, resolveAlias?: AliasResolver): Snapshot {
  const problems: string[] = [];
  const sets = {} as Record<ResourceKind, ResourceSet>;
  for (const kind of RESOURCE_KINDS) {
    const byName = new Map<string, EncodedResource>();
    for (const object of objects[kind] ?? []) {
      const encoded = encodeResource(kind, object);
      if (byName.has(encoded.name)) problems.push(`${kind}: two resources are named "${encoded.name}"`);
      byName.set(encoded.name, encoded);
    }
    sets[kind] = resourceSet(byName);
    if (resolveAlias) sets[kind] = { ...sets[kind], alias: memoAlias(kind, resolveAlias) };
  }
  if (problems.length > 0) throw new SnapshotBuildError(problems);
  return sets;
}

export function resourceSet(resources: ReadonlyMap<string, EncodedResource>): ResourceSet {
  return { version: typeVersion(resources.values()), resources };
}

/** Opaque type version: a hash over (name, content hash) pairs in name order; never a counter. */
export function typeVersion(resources: Iterable<EncodedResource>): string {
  const lines = [...resources].map((resource) => `${resource.name}\u0000${resource.version}`).sort();
  return contentHash(lines.join("\n"));
}

/** The kinds whose version differs between two snapshots (all kinds when there was none before). */
export function changedKinds(before: Snapshot | undefined, after: Snapshot): ResourceKind[] {
  return RESOURCE_KINDS.filter((kind) => before?.[kind].version !== after[kind].version);
}

function memoAlias(
  kind: ResourceKind,
  resolve: AliasResolver,
): (name: string) => EncodedResource | undefined {
  const memo = new Map<string, EncodedResource | undefined>();
  return (name) => {
    if (memo.has(name)) return memo.get(name);
    const object = resolve(kind, name);
    const encoded = object === undefined ? undefined : encodeResource(kind, object);
    if (memo.size < MAX_ALIASES_PER_SET) memo.set(name, encoded);
    return encoded;
  };
}
