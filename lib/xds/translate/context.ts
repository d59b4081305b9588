import type { MeshConfig } from "@/lib/mesh/schema";
import type { ClientCapabilities } from "./capabilities";
import { indexPolicies, type PolicyIndex } from "./policies";
import type { Downgrade } from "./types";

/** Identifies a place in a resource for downgrade records. */
export interface RouteScope {
  resource: string;
  field: string;
}

/** Everything one translation needs, plus the downgrades it collects on the way. */
export class TranslationContext {
  readonly policies: PolicyIndex;
  private readonly downgradeLog = new Map<string, Downgrade>();

  constructor(
    readonly config: MeshConfig,
    readonly capabilities: ClientCapabilities,
    readonly now: Date,
  ) {
    this.policies = indexPolicies(config);
  }

  /** Records a downgrade once (the same field of the same resource may be visited twice). */
  downgrade(entry: Omit<Downgrade, "reason"> & { reason?: string }): void {
    const reason = entry.reason ?? `${this.capabilities.client} does not support ${entry.from}`;
    const key = `${entry.resource}\n${entry.field}\n${entry.from}`;
    if (!this.downgradeLog.has(key)) this.downgradeLog.set(key, { ...entry, reason });
  }

  /** Sorted by resource, then field, for stable output. */
  downgrades(): Downgrade[] {
    const key = (entry: Downgrade) => `${entry.resource}\n${entry.field}\n${entry.from}`;
    return [...this.downgradeLog.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
}
