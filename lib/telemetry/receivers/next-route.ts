// OTLP/HTTP on the console port: app/v1/traces/route.ts and app/v1/metrics/route.ts hand the request to
// the endpoint that `weft server` started (the same one its OTLP/HTTP listener uses), through the runtime
// shared with the Next.js bundle (lib/server/runtime.ts).

import { getRuntime } from "@/lib/server/runtime";
import type { OtlpSignal } from "../otlp";
import type { OtlpHttpEndpoint } from "./http-endpoint";

/** The runtime service name under which `weft server` registers its OtlpHttpEndpoint. */
export const OTLP_HTTP_SERVICE = "telemetry.otlpHttp";

export async function otlpRouteResponse(signal: OtlpSignal, request: Request): Promise<Response> {
  let endpoint: OtlpHttpEndpoint | undefined;
  try {
    endpoint = getRuntime().services.get(OTLP_HTTP_SERVICE) as OtlpHttpEndpoint | undefined;
  } catch {
    endpoint = undefined;
  }
  if (endpoint === undefined) {
    return new Response(JSON.stringify({ code: 14, message: "telemetry ingest is not running" }), {
      status: 503,
      headers: { "content-type": "application/json", "retry-after": "1" },
    });
  }
  return endpoint.handleWebRequest(signal, request);
}
