import { apiRoute } from "@/lib/http/apiRoute";
import { readCommitOptions } from "@/lib/mesh/api/commitOptions";
import { commitBody } from "@/lib/mesh/api/responses";
import { endpointBodySchema, endpointQuerySchema, serviceName } from "@/lib/mesh/api/targets";
import { deleteEndpoint, putEndpoint } from "@/lib/mesh/store/changes";

export const dynamic = "force-dynamic";

/** Adds (or replaces, by address and port) an external endpoint of a service. */
export const POST = apiRoute(
  { role: "admin", body: endpointBodySchema },
  async ({ runtime, actor, body, params }) => {
    const { endpoint, ...options } = body;
    return commitBody(await putEndpoint(runtime.db.prisma, actor, serviceName(params), endpoint, options));
  },
);

/** Removes an external endpoint: `?address=10.0.0.5&port=8080`. */
export const DELETE = apiRoute(
  { role: "admin", query: endpointQuerySchema },
  async ({ request, runtime, actor, query, params }) =>
    commitBody(
      await deleteEndpoint(
        runtime.db.prisma,
        actor,
        serviceName(params),
        query,
        await readCommitOptions(request),
      ),
    ),
);
