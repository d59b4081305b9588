import { Suspense } from "react";
import { TopologyView } from "@/components/topology/TopologyView";
import { getRuntime } from "@/lib/server/runtime";

export default function TopologyPage() {
  const { config } = getRuntime();
  return (
    <Suspense>
      <TopologyView ports={{ http: config.otlpHttpPort, grpc: config.otlpGrpcPort }} />
    </Suspense>
  );
}
