import { apiRoute } from "@/lib/http/apiRoute";
import { tracesQuerySchema } from "@/lib/telemetry/query/schemas";
import { searchTraces } from "@/lib/telemetry/query/traces";

export const dynamic = "force-dynamic";

/** Trace summaries, newest first, of traces with a span matching every filter (attr.<key>=<value> too). */
export const GET = apiRoute({ role: "viewer", query: tracesQuerySchema }, async ({ runtime, query }) =>
  searchTraces(runtime.db.pool, query),
);
