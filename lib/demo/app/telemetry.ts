/** OpenTelemetry for one shop instance: traces over OTLP/HTTP (protobuf) with automatic HTTP spans. */
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";

export interface TelemetrySettings {
  service: string;
  version: string;
  otlp: string;
  exportIntervalMs: number;
}

export function startTelemetry(settings: TelemetrySettings): NodeSDK {
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      "service.name": settings.service,
      "service.version": settings.version,
      "service.namespace": "shop",
    }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${settings.otlp}/v1/traces` }), {
        scheduledDelayMillis: settings.exportIntervalMs,
      }),
    ],
    instrumentations: [
      new HttpInstrumentation({
        // Calls go to the sidecar's outbound port with the callee as Host: name the callee, not the port.
        startOutgoingSpanHook: (request) => {
          const headers = request.headers;
          const host =
            headers && !Array.isArray(headers) ? (headers as Record<string, unknown>).host : undefined;
          return typeof host === "string" ? { "peer.service": host } : {};
        },
      }),
    ],
  });
  sdk.start();
  return sdk;
}
