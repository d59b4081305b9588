import { notFound } from "@/lib/auth/errors";
import { apiRoute } from "@/lib/http/apiRoute";
import { pathParam } from "@/lib/telemetry/query/params";
import { traceIdSchema } from "@/lib/telemetry/query/schemas";
import { getTrace } from "@/lib/telemetry/query/traces";

export const dynamic = "force-dynamic";

/** Every span of one trace, in start order. */
export const GET = apiRoute({ role: "viewer" }, async ({ runtime, params }) => {
  const traceId = pathParam(traceIdSchema, params, "traceId");
  const trace = await getTrace(runtime.db.pool, traceId);
  if (trace === null) throw notFound(`trace ${traceId}`);
  return trace;
});
