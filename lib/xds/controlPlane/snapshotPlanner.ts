import type { MeshConfig } from "@/lib/mesh/schema";
import { buildSnapshot, type Snapshot } from "../snapshot/snapshot";
import { checkConsistency } from "../translate/consistency";
import { listenerForTarget } from "../translate/listenerTargets";
import { translateForNode } from "../translate/translateForNode";
import type {
  ClientKind,
  Downgrade,
  RegistryEndpoint,
  NodeInfo as TranslationNode,
  TranslationResult,
} from "../translate/types";

/** What every node of one client kind is sent, for the current inputs. */
export interface Plan {
  snapshot: Snapshot;
  resources: TranslationResult;
  downgrades: Downgrade[];
}

export class PlanError extends Error {
  constructor(
    readonly client: ClientKind,
    readonly problems: readonly string[],
  ) {
    super(`cannot publish a snapshot for ${client} clients: ${problems.join("; ")}`);
    this.name = "PlanError";
  }
}

export interface PlanInputs {
  config: MeshConfig;
  registry: readonly RegistryEndpoint[];
  now: Date;
}

/**
 * Translation depends on the config, the registry, the time (fault expiry) and the node's client kind,
 * not on the node's id: every node of one kind gets the same snapshot, computed once per input change.
 * Sharing the Snapshot object also shares its encoded resources between streams.
 */
export class SnapshotPlanner {
  private inputs: PlanInputs;
  private readonly plans = new Map<ClientKind, Plan | Error>();

  constructor(inputs: PlanInputs) {
    this.inputs = inputs;
  }

  get current(): Readonly<PlanInputs> {
    return this.inputs;
  }

  setInputs(inputs: PlanInputs): void {
    this.inputs = inputs;
    this.plans.clear();
  }

  /** The plan for a node (shared by its client kind); throws PlanError when it is not consistent. */
  planFor(node: TranslationNode): Plan {
    const client = node.capabilities.client;
    let cached = this.plans.get(client);
    if (!cached) {
      // A failure is kept too, so a thousand nodes of one kind do not each retry the translation.
      try {
        cached = computePlan(this.inputs, node);
      } catch (error) {
        cached = error instanceof Error ? error : new Error(String(error));
      }
      this.plans.set(client, cached);
    }
    if (cached instanceof Error) throw cached;
    return cached;
  }
}

export function computePlan(inputs: PlanInputs, node: TranslationNode): Plan {
  const client = node.capabilities.client;
  const resources = translateForNode(inputs.config, inputs.registry, node, inputs.now);
  const problems = checkConsistency(resources);
  if (problems.length > 0) {
    throw new PlanError(
      client,
      problems.map((problem) => `${problem.resource}: ${problem.message}`),
    );
  }
  const namespaces = new Map(inputs.config.services.map((service) => [service.name, service.namespace]));
  const snapshot = buildSnapshot(
    {
      listeners: resources.listeners,
      routes: resources.routes,
      clusters: resources.clusters,
      endpoints: resources.endpoints,
    },
    // gRPC targets such as xds:///reviews:50051 or xds:///reviews.shop name the listener they want.
    (kind, name) =>
      kind === "listeners" ? listenerForTarget(resources.listeners, name, namespaces) : undefined,
  );
  return { snapshot, resources, downgrades: resources.downgrades };
}

/** The next moment a fault in the config expires (after `now`), so snapshots can drop it on time. */
export function nextFaultExpiry(config: MeshConfig, now: Date): Date | undefined {
  let next: number | undefined;
  for (const service of config.services) {
    for (const rule of service.routes ?? []) {
      const at = rule.fault?.expiresAt ? Date.parse(rule.fault.expiresAt) : Number.NaN;
      if (at > now.getTime() && (next === undefined || at < next)) next = at;
    }
  }
  return next === undefined ? undefined : new Date(next);
}
