/** What every load balancer picks from: hosts with a stable key and a positive weight. */
export interface WeightedHost {
  readonly key: string;
  readonly weight: number;
}

export interface PickContext {
  /** 32-bit request hash from the route's hash policies (ring_hash and maglev); random when absent. */
  readonly hash?: number;
}

/** Built once per host-set change; `pick` is the per-request hot path. */
export interface LoadBalancer<H extends WeightedHost> {
  readonly hosts: readonly H[];
  pick(context?: PickContext): H | undefined;
}

export function allWeightsEqual(hosts: readonly WeightedHost[]): boolean {
  const first = hosts[0]?.weight;
  return hosts.every((h) => h.weight === first);
}
