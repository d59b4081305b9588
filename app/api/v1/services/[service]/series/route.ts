import { apiRoute } from "@/lib/http/apiRoute";
import { pathParam } from "@/lib/telemetry/query/params";
import { seriesQuerySchema, serviceNameSchema } from "@/lib/telemetry/query/schemas";
import { getSeries } from "@/lib/telemetry/query/series";

export const dynamic = "force-dynamic";

/** One service's rate, errors and latency per `step`, optionally for one route, operation or version. */
export const GET = apiRoute(
  { role: "viewer", query: seriesQuerySchema },
  async ({ runtime, query, params }) =>
    getSeries(runtime.db.pool, pathParam(serviceNameSchema, params, "service"), query, Date.now()),
);
