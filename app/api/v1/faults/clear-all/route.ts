import { apiRoute } from "@/lib/http/apiRoute";
import { readCommitOptions } from "@/lib/mesh/api/commitOptions";
import { commitBody } from "@/lib/mesh/api/responses";
import { clearEveryFault } from "@/lib/mesh/store/changes";

export const dynamic = "force-dynamic";

/** The kill switch: removes every fault in one revision. Operators may use it, not only admins. */
export const POST = apiRoute({ role: "operator" }, async ({ request, runtime, actor }) => {
  const result = await clearEveryFault(runtime.db.prisma, actor, await readCommitOptions(request));
  return { ...commitBody(result), removed: result.removed };
});
