import { z } from "zod";
import { apiRoute } from "@/lib/http/apiRoute";
import { currentControlPlane } from "@/lib/xds/controlPlane/xdsListener";

export const dynamic = "force-dynamic";

const statusQuerySchema = z.object({ gc: z.enum(["0", "1"]).optional() });

/**
 * This replica's xDS control plane: revision served, proxies connected, and the process's memory.
 * `?gc=1` collects garbage first when the server runs with --expose-gc (benchmarks), else is ignored.
 */
export const GET = apiRoute({ role: "admin", query: statusQuerySchema }, async ({ query }) => {
  if (query.gc === "1") (globalThis as { gc?: () => void }).gc?.();
  const controlPlane = currentControlPlane();
  const memory = process.memoryUsage();
  return {
    running: controlPlane !== undefined,
    ...controlPlane?.stats(),
    memory: {
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      external: memory.external,
    },
  };
});
