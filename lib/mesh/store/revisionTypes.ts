import type { MeshDiff } from "../diff/diffMeshConfig";
import { type MeshConfig, meshConfigSchema } from "../schema";

export const EMPTY_CONFIG: MeshConfig = { services: [] };

/** A revision as lists show it. Revision 0 is the implicit empty config (no author, no time). */
export interface RevisionInfo {
  number: number;
  createdAt: Date | null;
  author: string;
  authorType: string;
  message: string;
  summary: string[];
  restoredFrom: number | null;
  configHash: string;
}

export interface RevisionDetail extends RevisionInfo {
  config: MeshConfig;
  /** From the previous revision to this one. */
  diff: MeshDiff;
}

export interface RevisionRow {
  number: number;
  config?: unknown;
  configHash: string;
  authorType: string;
  author: string;
  message: string;
  diff?: unknown;
  summary: unknown;
  createdAt: Date;
  restoredFrom: number | null;
}

export function revisionInfo(row: RevisionRow): RevisionInfo {
  return {
    number: row.number,
    createdAt: row.createdAt,
    author: row.author,
    authorType: row.authorType,
    message: row.message,
    summary: Array.isArray(row.summary) ? row.summary.filter((line) => typeof line === "string") : [],
    restoredFrom: row.restoredFrom,
    configHash: row.configHash,
  };
}

/**
 * Configs are validated before they are stored, so rows are trusted here. They pass the schema once more
 * only to get its key order back (jsonb sorts keys), so documents read like the examples.
 */
export function revisionDetail(row: RevisionRow, forDisplay = true): RevisionDetail {
  const info = revisionInfo(row);
  const ordered = forDisplay ? meshConfigSchema.safeParse(row.config) : { success: false as const };
  return {
    ...info,
    config: ordered.success ? ordered.data : ((row.config ?? EMPTY_CONFIG) as MeshConfig),
    diff: {
      entries: Array.isArray(row.diff) ? (row.diff as MeshDiff["entries"]) : [],
      summary: info.summary,
    },
  };
}

export function emptyRevision(configHash: string): RevisionDetail {
  return {
    number: 0,
    createdAt: null,
    author: "",
    authorType: "system",
    message: "the empty mesh",
    summary: [],
    restoredFrom: null,
    configHash,
    config: EMPTY_CONFIG,
    diff: { entries: [], summary: [] },
  };
}
