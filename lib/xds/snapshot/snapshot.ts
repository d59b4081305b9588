import { contentHash, type EncodedResource, encodeResource } from "../protos";
import { RESOURCE_KINDS, type ResourceKind } from "../resource-types";

/** The translator's output: plain resource objects (snake_case, Anys with "@type"), grouped by type. */
export type ResourceObjects = Partial<Record<ResourceKind, readonly object[]>>;

/** All resources of one type, by name, with the type's version (a hash over names and contents). */
export interface ResourceSet {
  readonly version: string;
  readonly resources: ReadonlyMap<string, EncodedResource>;
}

/** What one node should see: a resource set per type. Immutable once built. */
export type Snapshot = Readonly<Record<ResourceKind, ResourceSet>>;

export class SnapshotBuildError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid snapshot: ${problems.join("; ")}`);
    this.name = "SnapshotBuildError";
  }
}

/** Encodes every resource (cached across nodes) and computes the per-type versions. */
export function buildSnapshot(objects: ResourceObjects): Snapshot {
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
