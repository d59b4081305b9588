import { Suspense } from "react";
import { ServicesView } from "@/components/services/ServicesView";
import { getRuntime } from "@/lib/server/runtime";

export default function ServicesPage() {
  const { config } = getRuntime();
  return (
    <Suspense>
      <ServicesView ports={{ http: config.otlpHttpPort, grpc: config.otlpGrpcPort }} />
    </Suspense>
  );
}
