/** Which host an attempt goes to, given the hosts the request tried before. */
import type { RetryPolicy } from "../config/route-model";
import type { LbEndpoint } from "../lb/host-set";
import type { ClusterRuntime } from "../runtime/cluster-runtime";

/** What a request remembers of its attempts' hosts (the forwarding state holds these two fields). */
export interface TriedHosts {
  lastHost: string | undefined;
  /** Every host tried, kept only for a retry policy with the previous_hosts predicate. */
  triedHosts: Set<string> | undefined;
}

/**
 * The host for an attempt. A retry avoids every host tried when the policy has Envoy's previous_hosts
 * predicate (re-picking up to host_selection_retry_max_attempts times), else prefers another than the last.
 */
export function hostForAttempt(
  cluster: ClusterRuntime,
  hash: number | undefined,
  retry: RetryPolicy | undefined,
  tried: TriedHosts,
): LbEndpoint | undefined {
  const last = tried.lastHost;
  if (last === undefined) return cluster.pick(hash);
  if (!retry?.avoidPreviousHosts) return cluster.pick(hash, new Set([last]));
  tried.triedHosts ??= new Set();
  tried.triedHosts.add(last);
  return cluster.pick(hash, tried.triedHosts, retry.hostSelectionAttempts);
}
