import type { RegistryEndpoint } from "../translate/types";

/** A registry row as the database returns it (see queries/loadRegistry.ts). */
export interface RegistryRow {
  nodeId: string;
  service: string;
  address: string;
  port: number;
  labels: unknown;
  zone: string | null;
  /** Null while the proxy is connected; otherwise how long its endpoint stays (grace period). */
  graceLeftMs: number | null;
}

export interface RegistryView {
  endpoints: RegistryEndpoint[];
  /** When the next disconnected endpoint leaves EDS (ms from the time of the query), if any. */
  nextExpiryMs?: number;
}

/**
 * The endpoints sidecars registered, in translator form. A connected proxy's endpoint is healthy; a
 * disconnected one stays unchanged for the grace period (so a restarting sidecar causes no push) and is
 * then dropped by the query. Sorted by node id so equal registries give equal inputs.
 */
export function registryView(rows: readonly RegistryRow[]): RegistryView {
  const sorted = [...rows].sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
  const endpoints = sorted.map((row): RegistryEndpoint => {
    const endpoint: RegistryEndpoint = {
      service: row.service,
      address: row.address,
      port: row.port,
      labels: stringLabels(row.labels),
      healthy: true,
    };
    if (row.zone) endpoint.zone = row.zone;
    return endpoint;
  });
  const expiries = rows.flatMap((row) => (row.graceLeftMs === null ? [] : [Math.max(0, row.graceLeftMs)]));
  return expiries.length > 0 ? { endpoints, nextExpiryMs: Math.min(...expiries) } : { endpoints };
}

function stringLabels(value: unknown): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) if (typeof item === "string") out[key] = item;
  return out;
}
