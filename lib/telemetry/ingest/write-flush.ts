// One flush = one transaction: bulk-write the rows, then, under a lock that serialises this part across
// flushes and replicas, the resources, the rollups and the pending marks of the rollup levels. Exports are acknowledged only after COMMIT (the
// pipeline resolves them when this returns). Calls whose callee was not in the batch are decided later
// (call-resolver.ts).

import type pg from "pg";
import { copyMetricPoints } from "@/lib/db/queries/copyMetricPoints";
import { copySpans } from "@/lib/db/queries/copySpans";
import { insertSpanRow } from "@/lib/db/queries/insertSpanRow";
import { markRollupPending } from "@/lib/db/queries/markRollupPending";
import { upsertEdgeMinutes } from "@/lib/db/queries/upsertEdgeMinutes";
import { upsertServiceMinutes } from "@/lib/db/queries/upsertServiceMinutes";
import { upsertTelemetryResources } from "@/lib/db/queries/upsertTelemetryResources";
import { pendingBucketsOf } from "../rollup/levels";
import { resourceRecordOf } from "../store/resources";
import { inTransaction } from "../store/transaction";
import type { FlushPlan } from "./plan";
import { classifyStoreError } from "./store-errors";

/** "copy": binary COPY (the default); "rows": one INSERT per span, only for the ingest benchmark's comparison. */
export type SpanWriter = "copy" | "rows";

/** Serialises rollup upserts across flushes and replicas (any constant, the same everywhere). */
export const ROLLUP_LOCK_KEY = 7_315_904_213;
const MAX_ATTEMPTS = 3;

export interface WriteFlushOptions {
  writer: SpanWriter;
  /** The ingest clock's UTC date, YYYY-MM-DD (resources' last_seen). */
  today: string;
  /** Creates missing partitions; called once when a row had none. */
  ensurePartitions: () => Promise<void>;
}

/** Writes a flush, retrying deadlocks and a missing partition; throws the last error otherwise. */
export async function writeFlush(pool: pg.Pool, plan: FlushPlan, options: WriteFlushOptions): Promise<void> {
  let partitionsEnsured = false;
  for (let attempt = 1; ; attempt++) {
    try {
      await inTransaction(pool, (client) => writeInTransaction(client, plan, options));
      return;
    } catch (error) {
      const failure = classifyStoreError(error);
      if (attempt >= MAX_ATTEMPTS) throw error;
      if (failure === "missing_partition" && !partitionsEnsured) {
        partitionsEnsured = true;
        await options.ensurePartitions();
      } else if (failure !== "transient") {
        throw error;
      }
    }
  }
}

async function writeInTransaction(client: pg.PoolClient, plan: FlushPlan, options: WriteFlushOptions) {
  if (plan.spanCopy !== null) {
    if (options.writer === "copy") await copySpans(client, plan.spanCopy);
    else
      for (const span of plan.spans)
        await insertSpanRow(client, span, resourceRecordOf(span.resourceAttributes).id);
  }
  if (plan.pointCopy !== null) await copyMetricPoints(client, plan.pointCopy);
  await client.query("SELECT pg_advisory_xact_lock($1)", [ROLLUP_LOCK_KEY]);
  await upsertTelemetryResources(client, plan.resources, options.today);
  const edges = [...plan.calls.edges, ...plan.metricEdges];
  await upsertServiceMinutes(client, plan.serviceMinutes);
  await upsertEdgeMinutes(client, edges);
  // The coarser levels of these minutes must be computed again (rollup/roll-up-levels.ts).
  await markRollupPending(
    client,
    pendingBucketsOf([...plan.serviceMinutes, ...edges].map((row) => row.minuteMs)),
  );
}
