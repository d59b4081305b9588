import { z } from "zod";
import { notFound } from "@/lib/auth/errors";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { configHash } from "./configHash";
import {
  EMPTY_CONFIG,
  emptyRevision,
  type RevisionDetail,
  type RevisionInfo,
  revisionDetail,
  revisionInfo,
} from "./revisionTypes";

type Reader = Db | Prisma.TransactionClient;

/**
 * The current revision with its config (revision 0, the empty mesh, when nothing was committed).
 * `forDisplay: false` skips restoring the documents' key order (commits and dry runs do not show it).
 */
export async function currentRevision(db: Reader, options = { forDisplay: true }): Promise<RevisionDetail> {
  const row = await db.meshRevision.findFirst({ orderBy: { number: "desc" } });
  return row ? revisionDetail(row, options.forDisplay) : emptyRevision(configHash(EMPTY_CONFIG));
}

export async function getRevision(db: Reader, number: number): Promise<RevisionDetail> {
  if (number === 0) return emptyRevision(configHash(EMPTY_CONFIG));
  const row = await db.meshRevision.findUnique({ where: { number } });
  if (!row) throw notFound(`revision ${number}`);
  return revisionDetail(row);
}

export const revisionListQuerySchema = z.object({
  /** Keyset pagination: revisions numbered below this one. */
  before: z.coerce.number().int().min(1).max(2_000_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RevisionListQuery = z.infer<typeof revisionListQuerySchema>;

/** Newest first, without configs and diffs (those come one revision at a time). */
export async function listRevisions(
  db: Reader,
  query: RevisionListQuery,
): Promise<{ revisions: RevisionInfo[]; nextBefore: number | null }> {
  const rows = await db.meshRevision.findMany({
    where: query.before !== undefined ? { number: { lt: query.before } } : undefined,
    orderBy: { number: "desc" },
    take: query.limit + 1,
    select: {
      number: true,
      configHash: true,
      authorType: true,
      author: true,
      message: true,
      summary: true,
      createdAt: true,
      restoredFrom: true,
    },
  });
  const page = rows.slice(0, query.limit);
  return {
    revisions: page.map(revisionInfo),
    nextBefore: rows.length > query.limit ? (page.at(-1)?.number ?? null) : null,
  };
}

export const revisionNumberSchema = z.coerce
  .number({ message: "must be a revision number" })
  .int("must be a whole number")
  .min(0, "must be 0 or more")
  .max(2_000_000_000, "is too large");
