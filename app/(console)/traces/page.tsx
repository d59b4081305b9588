import { Suspense } from "react";
import { TracesView } from "@/components/traces/TracesView";
import { getRuntime } from "@/lib/server/runtime";

export default function TracesPage() {
  const { config } = getRuntime();
  return (
    <Suspense>
      <TracesView ports={{ http: config.otlpHttpPort, grpc: config.otlpGrpcPort }} />
    </Suspense>
  );
}
