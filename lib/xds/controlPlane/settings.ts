/** Timings of the control plane; every one is injectable so tests can be quick and exact. */
export interface ControlPlaneSettings {
  /** How long a disconnected proxy's endpoint stays in EDS (a restart within it causes no churn). */
  endpointGraceMs: number;
  /** How often this replica marks its connected proxies as alive in the database. */
  heartbeatMs: number;
  /** A "connected" row not refreshed for this long belongs to a dead replica and counts as gone. */
  liveWindowMs: number;
  /** Delivery status and registry writes are batched at this interval. */
  flushIntervalMs: number;
  /** Changes arriving within this window are folded into one recomputation. */
  debounceMs: number;
  /** Disconnected proxies are forgotten after this long. */
  retentionMs: number;
  /** A safety net: the current revision is re-read this often even without a notification. */
  resyncMs: number;
}

export const DEFAULT_CONTROL_PLANE_SETTINGS: ControlPlaneSettings = {
  endpointGraceMs: 30_000,
  heartbeatMs: 10_000,
  liveWindowMs: 30_000,
  flushIntervalMs: 500,
  debounceMs: 2,
  retentionMs: 24 * 3_600_000,
  resyncMs: 30_000,
};

/** The PostgreSQL channel on which revision commits and registry changes are announced. */
export const MESH_CHANNEL = "weft_mesh";

/** Notification payloads: `revision:<n>` after a commit, `registry` after endpoint-relevant changes. */
export type MeshNotice = { kind: "revision"; number: number } | { kind: "registry" };

export function parseMeshNotice(payload: string | undefined): MeshNotice | undefined {
  if (payload === "registry") return { kind: "registry" };
  const match = /^revision:(\d{1,9})$/.exec(payload ?? "");
  return match ? { kind: "revision", number: Number(match[1]) } : undefined;
}
