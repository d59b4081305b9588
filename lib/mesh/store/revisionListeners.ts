import { getRuntime } from "@/lib/server/runtime";
import type { MeshConfig } from "../schema";

// In-process listeners of committed revisions. Every replica learns of a commit through PostgreSQL's
// NOTIFY; the replica that made the commit also tells its own control plane directly, which saves the
// round trip and a reload on the path an admin's change takes to the proxies. The set lives in the
// shared runtime because Next.js bundles route handlers apart from the server (docs/adr/0001).

export type RevisionListener = (number: number, config: MeshConfig) => void;

const KEY = "mesh.revisionListeners";

function listeners(): Set<RevisionListener> | undefined {
  try {
    const services = getRuntime().services;
    if (!services.has(KEY)) services.set(KEY, new Set<RevisionListener>());
    return services.get(KEY) as Set<RevisionListener>;
  } catch {
    return undefined; // no runtime: a test or a CLI process, with no control plane to tell
  }
}

/** Registers a listener; returns the function that removes it. */
export function addRevisionListener(listener: RevisionListener): () => void {
  const set = listeners();
  set?.add(listener);
  return () => set?.delete(listener);
}

/** Called after a commit; a listener that throws is reported and does not affect the commit. */
export function revisionCommitted(number: number, config: MeshConfig): void {
  for (const listener of listeners() ?? []) {
    try {
      listener(number, config);
    } catch (error) {
      console.error(`weft: revision listener failed: ${String(error)}`);
    }
  }
}
