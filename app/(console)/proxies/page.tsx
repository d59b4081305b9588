import { Suspense } from "react";
import { ProxiesView } from "@/components/proxies/ProxiesView";
import { getRuntime } from "@/lib/server/runtime";

export default function ProxiesPage() {
  const { config } = getRuntime();
  return (
    <Suspense>
      <ProxiesView xdsPort={config.xdsPort} />
    </Suspense>
  );
}
