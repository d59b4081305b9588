// Telemetry inside `weft server`: the ingest pipeline on its own small connection pool, the resolver of
// calls that cross exports, partition maintenance, the rollup levels' job, and the OTLP receivers (OTLP/HTTP listener, OTLP/gRPC
// listener, and the console port's /v1/* routes through the runtime). lib/server/main.ts adds the returned
// listeners to its own.

import pg from "pg";
import { actorFromToken } from "@/lib/auth/tokens";
import type { Listener } from "@/lib/server/listener";
import type { WeftRuntime } from "@/lib/server/runtime";
import { CallResolver } from "./ingest/call-resolver";
import { type IngestExport, IngestPipeline } from "./ingest/pipeline";
import { planFlush } from "./ingest/plan";
import { resolveStoredCalls } from "./ingest/resolve-calls";
import { writeFlush } from "./ingest/write-flush";
import { startOtlpGrpcListener } from "./receivers/grpc-listener";
import { OtlpHttpEndpoint } from "./receivers/http-endpoint";
import { startOtlpHttpListener } from "./receivers/http-listener";
import { IngestAuth } from "./receivers/ingest-auth";
import { OTLP_HTTP_SERVICE } from "./receivers/next-route";
import { OtlpIngest } from "./receivers/otlp-ingest";
import { PartitionMaintenance } from "./retention/maintenance";
import { oldestKeptNs, utcDate } from "./retention/window";
import { RollupLevels } from "./rollup/levels-job";
import type { MetricPointRow, SpanRow } from "./rows";

/** Starts ingest and the OTLP listeners; closing them drains the queue and the open calls into the database. */
export async function startTelemetryListeners(
  runtime: WeftRuntime,
  log: (line: string) => void,
): Promise<Listener[]> {
  const settings = runtime.config.telemetry;
  const pool = new pg.Pool({
    ...runtime.db.pool.options,
    // The flushes, plus one for the call resolver and partition maintenance and one for the rollup levels.
    max: settings.flushConcurrency + 2,
    connectionTimeoutMillis: 5_000,
    statement_timeout: 60_000,
    application_name: "weft-ingest",
  });
  pool.on("error", () => undefined);
  const maintenance = new PartitionMaintenance(pool, settings.retentionDays, log);
  const levels = new RollupLevels(pool, log);
  const oldestRollupMinuteMs = () =>
    Number(oldestKeptNs(Date.now(), settings.retentionDays.rollups) / 1_000_000n);
  const calls = new CallResolver((open) => resolveStoredCalls(pool, open, oldestRollupMinuteMs()), log, {
    settleMs: settings.callSettleMs,
  });
  const pipeline = new IngestPipeline(
    async (exports) => {
      const plan = planFlush(...concatRows(exports));
      await writeFlush(pool, plan, {
        writer: settings.writer,
        today: utcDate(Date.now()),
        ensurePartitions: async () => {
          await maintenance.run();
        },
      });
      calls.add(plan.calls.openCalls);
    },
    {
      maxHeldBytes: settings.queueBytes,
      maxHeldItems: settings.queueItems,
      concurrency: settings.flushConcurrency,
    },
  );
  // Stops in the order data flows: receivers first (by the caller), then the queue, the calls, the pool.
  const stopIngest = async () => {
    runtime.services.delete(OTLP_HTTP_SERVICE);
    await pipeline.close();
    await calls.close();
    await levels.stop();
    await maintenance.stop();
    await pool.end().catch(() => undefined);
  };
  const started: Listener[] = [];
  try {
    await maintenance.run();
    maintenance.start();
    levels.start();
    calls.start();
    const auth = new IngestAuth(settings.ingestAuth, async (token) => {
      const actor = await actorFromToken(runtime.db.prisma, token, { ip: null, userAgent: null });
      return actor === null ? null : { role: actor.role };
    });
    const ingest = new OtlpIngest(pipeline, { retention: settings.retentionDays });
    const limits = { maxBodyBytes: settings.maxBodyBytes, maxInflatedBytes: settings.maxBodyBytes * 4 };
    const endpoint = new OtlpHttpEndpoint(ingest, auth, limits);
    const { host } = runtime.config;
    started.push(await startOtlpHttpListener(endpoint, host, runtime.config.otlpHttpPort, log));
    started.push(
      await startOtlpGrpcListener(
        ingest,
        auth,
        { host, port: runtime.config.otlpGrpcPort, maxMessageBytes: limits.maxInflatedBytes },
        log,
      ),
    );
    runtime.services.set(OTLP_HTTP_SERVICE, endpoint);
    if (settings.ingestAuth === "token") log("otlp ingest requires an API token (WEFT_INGEST_AUTH=token)");
  } catch (error) {
    for (const listener of started.reverse()) await listener.close().catch(() => undefined);
    await stopIngest();
    throw error;
  }
  const [http, grpc] = started as [Listener, Listener];
  // Listeners close in reverse order: gRPC, then OTLP/HTTP, which also stops ingest.
  const closeHttpThenIngest = async () => {
    await http.close();
    await stopIngest();
  };
  return [{ ...http, close: closeHttpThenIngest }, grpc];
}

function concatRows(exports: readonly IngestExport[]): [SpanRow[], MetricPointRow[]] {
  const spans: SpanRow[] = [];
  const points: MetricPointRow[] = [];
  for (const data of exports) {
    for (const span of data.spans) spans.push(span);
    for (const point of data.points) points.push(point);
  }
  return [spans, points];
}
