import { SendTelemetryHint } from "@/components/shell/SendTelemetryHint";
import { EmptyState } from "@/components/ui/EmptyState";
import { getRuntime } from "@/lib/server/runtime";

export default function ServicesPage() {
  const { config } = getRuntime();
  return (
    <>
      <h1>Services</h1>
      <EmptyState title="No services yet">
        <p>
          Every service that sends telemetry is listed here with its request rate, error rate and p50/p90/p99
          latency; each links to charts split by route and by version.
        </p>
        <SendTelemetryHint otlpHttpPort={config.otlpHttpPort} otlpGrpcPort={config.otlpGrpcPort} />
      </EmptyState>
    </>
  );
}
