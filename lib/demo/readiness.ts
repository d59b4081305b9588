// When the demo's mesh can take load: every sidecar has its first configuration (else 503 not_ready) and
// an endpoint in the balancer for every cluster it knows (else 503 no_healthy_upstream while the instances
// that started last are still being registered and pushed).

/** Whether an admin /clusters answer lists at least one endpoint in the balancer for every cluster. */
export function everyClusterServes(clusters: unknown): boolean {
  if (typeof clusters !== "object" || clusters === null) return false;
  const entries = Object.values(clusters);
  if (entries.length === 0) return false;
  return entries.every((cluster: unknown) => {
    const endpoints = (cluster as { endpoints?: unknown } | null)?.endpoints;
    return (
      Array.isArray(endpoints) &&
      endpoints.some(
        (endpoint: unknown) => (endpoint as { in_balancer?: unknown } | null)?.in_balancer === true,
      )
    );
  });
}

/** Waits until every sidecar (by admin address) is ready and serves every cluster, or the deadline passes. */
export async function waitUntilServing(admins: readonly string[], deadline: number): Promise<boolean> {
  for (const admin of admins) {
    while (!(await serving(admin))) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return true;
}

async function serving(admin: string): Promise<boolean> {
  try {
    if (!(await fetch(`http://${admin}/ready`)).ok) return false;
    return everyClusterServes(await (await fetch(`http://${admin}/clusters`)).json());
  } catch {
    return false;
  }
}
