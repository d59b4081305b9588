import { apiRoute } from "@/lib/http/apiRoute";
import { commitBody } from "@/lib/mesh/api/responses";
import { ruleTarget } from "@/lib/mesh/api/targets";
import { setWeights, weightsBodySchema } from "@/lib/mesh/store/changes";

export const dynamic = "force-dynamic";

/** Sets the destinations and weights of one rule: `{destinations: [{service, subset?, weight}], ...}`. */
export const PUT = apiRoute(
  { role: "admin", body: weightsBodySchema },
  async ({ runtime, actor, body, params }) => {
    const { destinations, ...options } = body;
    return commitBody(await setWeights(runtime.db.prisma, actor, ruleTarget(params), destinations, options));
  },
);
