import { jsonResponse } from "@/lib/http/json";
import { checkReadiness } from "@/lib/server/readiness";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/** Readiness: database reachable and migrations applied; 503 otherwise. */
export async function GET(): Promise<Response> {
  const readiness = await checkReadiness(getRuntime());
  return jsonResponse(readiness, readiness.ready ? 200 : 503);
}
