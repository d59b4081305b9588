import { Suspense } from "react";
import { AuditLog } from "@/components/audit/AuditLog";

export default function AuditPage() {
  return (
    <>
      <h1>Audit trail</h1>
      <Suspense>
        <AuditLog />
      </Suspense>
    </>
  );
}
