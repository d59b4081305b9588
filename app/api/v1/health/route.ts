import { jsonResponse } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** Liveness: the process answers. No database access, so a slow database never restarts the server. */
export function GET(): Response {
  return jsonResponse({ status: "ok" });
}
