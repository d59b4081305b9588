import { Suspense } from "react";
import { PolicyView } from "@/components/policy/PolicyView";

export default function PolicyPage() {
  return (
    <Suspense>
      <PolicyView />
    </Suspense>
  );
}
