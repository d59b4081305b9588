"use client";

import { useState } from "react";
import { type ActiveFault, describeFault } from "@/lib/console/activeFaults";
import { useClearAllFaults } from "../queries/mesh";
import { ApiProblems } from "./ApiProblems";

/** Operators and admins remove every active fault at once (one revision), after confirming. */
export function KillSwitch({ faults }: { faults: ActiveFault[] }) {
  const clear = useClearAllFaults();
  const [confirming, setConfirming] = useState(false);
  if (faults.length === 0 && !clear.data) return null;
  return (
    <section className="kill-switch notice" aria-label="Fault kill switch">
      {faults.length > 0 && (
        <>
          <strong>{faults.length} active fault(s):</strong>{" "}
          {faults.map((fault) => `${fault.service}/${fault.rule} (${describeFault(fault.fault)})`).join("; ")}
          <div className="row">
            {confirming ? (
              <>
                <button
                  type="button"
                  className="danger"
                  disabled={clear.isPending}
                  onClick={() =>
                    clear.mutate("kill switch: remove every fault", { onSettled: () => setConfirming(false) })
                  }
                >
                  Yes, remove all {faults.length}
                </button>
                <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </>
            ) : (
              <button type="button" className="danger" onClick={() => setConfirming(true)}>
                Remove every fault
              </button>
            )}
          </div>
        </>
      )}
      {clear.data && (
        <p role="status">
          Removed {clear.data.removed.length} fault(s) in revision {clear.data.revision.number}.
        </p>
      )}
      {clear.error && <ApiProblems error={clear.error} />}
    </section>
  );
}
