import { SendTelemetryHint } from "@/components/shell/SendTelemetryHint";
import { EmptyState } from "@/components/ui/EmptyState";
import { getRuntime } from "@/lib/server/runtime";

export default function TopologyPage() {
  const { config } = getRuntime();
  return (
    <>
      <h1>Topology</h1>
      <EmptyState title="No services have reported yet">
        <p>
          The service graph appears here: each service (and each uninstrumented callee such as a database) as
          a node coloured by health, each call path as an edge labelled with request rate, error rate and p99
          latency.
        </p>
        <SendTelemetryHint otlpHttpPort={config.otlpHttpPort} otlpGrpcPort={config.otlpGrpcPort} />
      </EmptyState>
    </>
  );
}
