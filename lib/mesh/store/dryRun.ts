import type { Database } from "@/lib/db/client";
import { loadLiveProxies } from "@/lib/xds/controlPlane/queries/liveProxies";
import { loadRegistryRows } from "@/lib/xds/controlPlane/queries/loadRegistry";
import { registryView } from "@/lib/xds/controlPlane/registry";
import { compareResources, type ResourceChange } from "@/lib/xds/translate/compareResources";
import { translateForNode } from "@/lib/xds/translate/translateForNode";
import type { ClientKind, RegistryEndpoint } from "@/lib/xds/translate/types";
import { diffMeshConfig, type MeshDiff } from "../diff/diffMeshConfig";
import type { MeshConfig } from "../schema";
import type { ValidationIssue } from "../validate/issues";
import { checkConfig } from "./checkConfig";
import { staleRevision } from "./commitRevision";
import { configHash } from "./configHash";
import { currentRevision } from "./readRevisions";

const MAX_LISTED_PROXIES = 1_000;

export interface ProxyImpact {
  nodeId: string;
  service: string | null;
  clientKind: ClientKind;
  changes: ResourceChange[];
}

export interface DryRunResult {
  baseRevision: number;
  /** False when the config equals the current one (applying it would create no revision). */
  changed: boolean;
  diff: MeshDiff;
  warnings: ValidationIssue[];
  /** The xDS resources that would change, per client kind (every proxy of a kind gets the same ones). */
  byClient: { clientKind: ClientKind; proxies: number; changes: ResourceChange[] }[];
  /** Connected proxies whose resources would change. */
  proxies: ProxyImpact[];
  proxiesTruncated: boolean;
  unaffectedProxies: number;
}

export interface DryRunSettings {
  endpointGraceMs: number;
  liveWindowMs: number;
}

/**
 * What applying a config would do, without applying it: the same validation as a commit (400 with every
 * problem), the diff from the current revision, and for every connected proxy the resources and routes
 * that would change, found by translating the current and the proposed config for its client kind.
 */
export async function dryRun(
  db: Database,
  input: unknown,
  options: { expectedRevision?: number | undefined },
  settings: DryRunSettings,
  now = new Date(),
): Promise<DryRunResult> {
  const current = await currentRevision(db.prisma, { forDisplay: false });
  if (options.expectedRevision !== undefined && options.expectedRevision !== current.number) {
    throw staleRevision(options.expectedRevision, current.number);
  }
  const { config, warnings } = checkConfig(input, now);
  const registry = registryView(
    await loadRegistryRows(db.pool, settings.endpointGraceMs, settings.liveWindowMs),
  ).endpoints;
  const live = await loadLiveProxies(db.pool, settings.liveWindowMs);
  const kinds = [...new Set(live.map((proxy) => proxy.clientKind))].sort();
  const changesByKind = new Map(
    kinds.map((kind) => [kind, changesFor(kind, current.config, config, registry, now)] as const),
  );
  const affected = live.filter((proxy) => (changesByKind.get(proxy.clientKind)?.length ?? 0) > 0);
  return {
    baseRevision: current.number,
    changed: configHash(config) !== current.configHash,
    diff: diffMeshConfig(current.config, config),
    warnings,
    byClient: kinds.map((kind) => ({
      clientKind: kind,
      proxies: live.filter((proxy) => proxy.clientKind === kind).length,
      changes: changesByKind.get(kind) ?? [],
    })),
    proxies: affected.slice(0, MAX_LISTED_PROXIES).map((proxy) => ({
      ...proxy,
      changes: changesByKind.get(proxy.clientKind) ?? [],
    })),
    proxiesTruncated: affected.length > MAX_LISTED_PROXIES,
    unaffectedProxies: live.length - affected.length,
  };
}

function changesFor(
  client: ClientKind,
  before: MeshConfig,
  after: MeshConfig,
  registry: readonly RegistryEndpoint[],
  now: Date,
): ResourceChange[] {
  const node = { id: "dry-run", capabilities: { client } };
  return compareResources(
    translateForNode(before, registry, node, now),
    translateForNode(after, registry, node, now),
  );
}
