import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/auth/audit";
import { DomainError } from "@/lib/auth/errors";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { MESH_CHANNEL } from "@/lib/xds/controlPlane/settings";
import { diffMeshConfig, type MeshDiff } from "../diff/diffMeshConfig";
import { MeshEditError } from "../edit/locate";
import type { MeshConfig } from "../schema";
import type { ValidationIssue } from "../validate/issues";
import { checkConfig } from "./checkConfig";
import { configHash } from "./configHash";
import { currentRevision } from "./readRevisions";
import { revisionCommitted } from "./revisionListeners";
import { type RevisionInfo, revisionInfo } from "./revisionTypes";

/** Serialises commits across every replica (one advisory lock key for the mesh config). */
const COMMIT_LOCK_KEY = 0x77656674; // "weft"

export interface CommitRequest {
  /** Audit action, e.g. "mesh.apply", "mesh.restore", "mesh.weights". */
  action: string;
  /** Audit target, e.g. "config" or "services/reviews/routes/split". */
  target: string;
  message?: string | undefined;
  /** When set, the commit fails with 409 unless this is still the current revision. */
  expectedRevision?: number | undefined;
  restoredFrom?: number | undefined;
  /** Builds the new config from the current one; runs under the commit lock, so edits never race. */
  change: (current: MeshConfig) => MeshConfig;
  now?: Date;
}

export interface CommitResult {
  /** False when the result equals the current config: no revision is created. */
  changed: boolean;
  revision: RevisionInfo;
  previousRevision: number;
  diff: MeshDiff;
  warnings: ValidationIssue[];
}

/**
 * One change to the mesh config, all or nothing, in one transaction: lock, read the current revision,
 * check the expected revision (409), build and validate the new config (400 with every problem), store
 * it as the next revision with its diff, write the audit row, and NOTIFY every replica on commit.
 */
export async function commitRevision(db: Db, actor: Actor, request: CommitRequest): Promise<CommitResult> {
  const now = request.now ?? new Date();
  let committed: { number: number; config: MeshConfig } | undefined;
  const result = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${COMMIT_LOCK_KEY}::bigint)`;
      const current = await currentRevision(tx, { forDisplay: false });
      if (request.expectedRevision !== undefined && request.expectedRevision !== current.number) {
        throw staleRevision(request.expectedRevision, current.number);
      }
      const { config, warnings } = checkConfig(applyChange(request, current.config), now);
      const hash = configHash(config);
      const unchanged = { changed: false, previousRevision: current.number, warnings };
      if (hash === current.configHash) {
        const { config: _config, diff: _diff, ...info } = current;
        return { ...unchanged, revision: info, diff: { entries: [], summary: [] } };
      }
      const diff = diffMeshConfig(current.config, config);
      const number = current.number + 1;
      const message = (request.message ?? "").slice(0, 1024);
      const row = await tx.meshRevision.create({
        data: {
          number,
          config: toJson(config),
          configHash: hash,
          authorType: actor.type,
          authorId: actor.id,
          author: actor.name.slice(0, 128),
          message,
          diff: toJson(diff.entries),
          summary: toJson(diff.summary),
          restoredFrom: request.restoredFrom ?? null,
        },
        omit: { config: true, diff: true },
      });
      const what = diff.summary.join("; ") || "formatting only";
      await recordAudit(tx, actor, {
        action: request.action,
        target: request.target,
        summary: `revision ${number}${message ? ` (${message})` : ""}: ${what}`,
        before: { revision: current.number },
        after: { revision: number, summary: diff.summary, restoredFrom: request.restoredFrom },
      });
      // Delivered to listeners when (and only if) the transaction commits.
      await tx.$executeRaw`SELECT pg_notify(${MESH_CHANNEL}, ${`revision:${number}`})`;
      committed = { number, config };
      return { changed: true, revision: revisionInfo(row), previousRevision: current.number, diff, warnings };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  if (committed) revisionCommitted(committed.number, committed.config);
  return result;
}

function applyChange(request: CommitRequest, current: MeshConfig): MeshConfig {
  try {
    return request.change(current);
  } catch (error) {
    if (error instanceof MeshEditError) throw new DomainError(404, "not_found", error.message);
    throw error;
  }
}

export function staleRevision(expected: number, current: number): DomainError {
  return new DomainError(
    409,
    "stale_revision",
    `revision ${expected} is no longer current (the mesh is at revision ${current}); reload, redo the change and retry`,
    { expectedRevision: expected, currentRevision: current },
  );
}

function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
