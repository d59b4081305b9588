import { apiRoute } from "@/lib/http/apiRoute";
import { readCommitOptions } from "@/lib/mesh/api/commitOptions";
import { commitBody } from "@/lib/mesh/api/responses";
import { ruleTarget } from "@/lib/mesh/api/targets";
import { clearFault, faultBodySchema, setFault } from "@/lib/mesh/store/changes";

export const dynamic = "force-dynamic";

/** Sets the fault of one rule: `{fault: {delay?, abort?, headers?, expiresAt?}, expiresIn?: "15m"}`. */
export const PUT = apiRoute(
  { role: "admin", body: faultBodySchema },
  async ({ runtime, actor, body, params }) => {
    const { fault, expiresIn, ...options } = body;
    return commitBody(
      await setFault(runtime.db.prisma, actor, ruleTarget(params), { fault, expiresIn }, options),
    );
  },
);

/** Removes the fault of one rule. */
export const DELETE = apiRoute({ role: "admin" }, async ({ request, runtime, actor, params }) =>
  commitBody(
    await clearFault(runtime.db.prisma, actor, ruleTarget(params), await readCommitOptions(request)),
  ),
);
