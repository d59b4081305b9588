import { apiRoute } from "@/lib/http/apiRoute";
import { servicesQuerySchema } from "@/lib/telemetry/query/schemas";
import { listServices } from "@/lib/telemetry/query/services";

export const dynamic = "force-dynamic";

/** Every service that reported in `from`..`to` with rate, error rate and latency quantiles. */
export const GET = apiRoute({ role: "viewer", query: servicesQuerySchema }, async ({ runtime, query }) =>
  listServices(runtime.db.pool, query.range, Date.now()),
);
