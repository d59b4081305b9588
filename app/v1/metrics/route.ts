import { otlpRouteResponse } from "@/lib/telemetry/receivers/next-route";

// OTLP/HTTP metrics export on the console port; the same endpoint as the OTLP/HTTP listener (4318).
export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return otlpRouteResponse("metrics", request);
}
