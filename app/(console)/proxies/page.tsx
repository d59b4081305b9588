import { EmptyState } from "@/components/ui/EmptyState";
import { getRuntime } from "@/lib/server/runtime";

export default function ProxiesPage() {
  const { config } = getRuntime();
  return (
    <>
      <h1>Proxies</h1>
      <EmptyState title="No proxy has connected yet">
        <p>
          Every sidecar and xDS client connected to this control plane is listed here with its service, labels
          and, per resource type, the configuration version it acknowledged or rejected (with the reason).
        </p>
        <p>
          Proxies connect to the xDS server on port <code>{config.xdsPort}</code>; Envoy and proxyless gRPC
          clients (<code>xds:///service</code>) can join too.
        </p>
      </EmptyState>
    </>
  );
}
