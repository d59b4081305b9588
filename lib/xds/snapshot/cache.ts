import type { ResourceKind } from "../resource-types";
import { type ConsistencyProblem, checkSnapshotConsistency } from "./consistency";
import { changedKinds, type Snapshot } from "./snapshot";

/** Called after a node's snapshot changed, with the kinds whose version changed (never empty). */
export type SnapshotWatcher = (snapshot: Snapshot, changed: readonly ResourceKind[]) => void;

export class SnapshotInconsistentError extends Error {
  constructor(
    readonly nodeId: string,
    readonly problems: readonly ConsistencyProblem[],
  ) {
    super(`snapshot for node "${nodeId}" is inconsistent: ${problems.map((p) => p.message).join("; ")}`);
    this.name = "SnapshotInconsistentError";
  }
}

export interface SetSnapshotOptions {
  /** Publish even if a reference is dangling (tests of client behaviour; never in production paths). */
  readonly skipConsistencyCheck?: boolean;
}

export interface SnapshotCacheOptions {
  /** Told about a watcher that threw; the other watchers are still notified. */
  readonly onWatcherError?: (nodeId: string, error: unknown) => void;
}

/** The current snapshot of every node, keyed by node id, with per-node change watchers. */
export class SnapshotCache {
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly watchers = new Map<string, Set<SnapshotWatcher>>();
  private readonly consistent = new WeakSet<Snapshot>();

  constructor(private readonly options: SnapshotCacheOptions = {}) {}

  /**
   * Publishes a node's snapshot after the consistency check; returns the kinds whose version changed.
   * Watchers are notified only when at least one version changed.
   */
  set(nodeId: string, snapshot: Snapshot, options: SetSnapshotOptions = {}): ResourceKind[] {
    // Snapshots are immutable and often shared by many nodes: each object is checked once.
    if (!options.skipConsistencyCheck && !this.consistent.has(snapshot)) {
      const problems = checkSnapshotConsistency(snapshot);
      if (problems.length > 0) throw new SnapshotInconsistentError(nodeId, problems);
      this.consistent.add(snapshot);
    }
    const changed = changedKinds(this.snapshots.get(nodeId), snapshot);
    if (changed.length === 0) return changed;
    this.snapshots.set(nodeId, snapshot);
    for (const watcher of [...(this.watchers.get(nodeId) ?? [])]) {
      try {
        watcher(snapshot, changed);
      } catch (error) {
        this.options.onWatcherError?.(nodeId, error);
      }
    }
    return changed;
  }

  get(nodeId: string): Snapshot | undefined {
    return this.snapshots.get(nodeId);
  }

  /** Forgets a node's snapshot; its open streams keep what they were sent and wait for the next set(). */
  delete(nodeId: string): boolean {
    return this.snapshots.delete(nodeId);
  }

  nodeIds(): string[] {
    return [...this.snapshots.keys()];
  }

  /** Watches one node; returns the function that stops watching. */
  watch(nodeId: string, watcher: SnapshotWatcher): () => void {
    let set = this.watchers.get(nodeId);
    if (!set) {
      set = new Set();
      this.watchers.set(nodeId, set);
    }
    set.add(watcher);
    return () => {
      const current = this.watchers.get(nodeId);
      current?.delete(watcher);
      if (current?.size === 0) this.watchers.delete(nodeId);
    };
  }

  watcherCount(nodeId: string): number {
    return this.watchers.get(nodeId)?.size ?? 0;
  }
}
