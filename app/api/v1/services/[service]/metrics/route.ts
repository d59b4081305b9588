import { apiRoute } from "@/lib/http/apiRoute";
import { listServiceMetricPoints } from "@/lib/telemetry/query/metric-points";
import { pathParam } from "@/lib/telemetry/query/params";
import { metricPointsQuerySchema, serviceNameSchema } from "@/lib/telemetry/query/schemas";

export const dynamic = "force-dynamic";

/** A service's stored metric data points (histograms with their buckets), optionally of one metric. */
export const GET = apiRoute(
  { role: "viewer", query: metricPointsQuerySchema },
  async ({ runtime, query, params }) =>
    listServiceMetricPoints(runtime.db.pool, pathParam(serviceNameSchema, params, "service"), query),
);
