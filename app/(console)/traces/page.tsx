import { SendTelemetryHint } from "@/components/shell/SendTelemetryHint";
import { EmptyState } from "@/components/ui/EmptyState";
import { getRuntime } from "@/lib/server/runtime";

export default function TracesPage() {
  const { config } = getRuntime();
  return (
    <>
      <h1>Traces</h1>
      <EmptyState title="No traces stored yet">
        <p>
          Search traces here by service, operation, duration, status and attributes; open one to see its
          waterfall, critical path and span details.
        </p>
        <SendTelemetryHint otlpHttpPort={config.otlpHttpPort} otlpGrpcPort={config.otlpGrpcPort} />
      </EmptyState>
    </>
  );
}
