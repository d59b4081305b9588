/**
 * The circuit breaker's say on one attempt: a `requests` slot, plus a `pending_requests` slot when an
 * HTTP/1.1 request must wait for a connection (more requests than max_connections). A refusal is counted as
 * an overflow of the resource that refused, and carries the reason the 503 gives.
 */
import type { Admission } from "../resilience/circuit-breaker";
import type { ClusterRuntime } from "../runtime/cluster-runtime";

type Granted = Extract<Admission, { ok: true }>;

export type AttemptAdmission =
  | { readonly ok: true; readonly requests: Granted; readonly pending: Granted | undefined }
  | { readonly ok: false; readonly reason: string };

export function admitAttempt(cluster: ClusterRuntime, protocol: "h1" | "h2"): AttemptAdmission {
  const { breaker, counters } = cluster;
  const requests = breaker.tryAcquire("requests");
  const waits = protocol === "h1" && breaker.count("requests") > breaker.limit("connections");
  const pending = requests.ok && waits ? breaker.tryAcquire("pending_requests") : undefined;
  if (requests.ok && (pending === undefined || pending.ok)) return { ok: true, requests, pending };
  if (requests.ok) requests.release();
  const refused = !requests.ok ? requests : pending;
  if (refused && !refused.ok && refused.resource === "pending_requests") counters.pendingOverflow.value += 1;
  else counters.overflow.value += 1;
  return { ok: false, reason: refused && !refused.ok ? refused.reason : "circuit breaker open" };
}
