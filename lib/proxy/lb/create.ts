import type { LbPolicy } from "../config/cluster-model";
import type { Random } from "../util/random";
import { leastRequest } from "./least-request";
import { maglev } from "./maglev";
import { weightedRandom } from "./random";
import { ringHash } from "./ring-hash";
import { roundRobin } from "./round-robin";
import type { LoadBalancer, WeightedHost } from "./types";

export interface LoadBalancerDeps<H> {
  readonly random: Random;
  /** In-flight requests per host, for least_request. */
  readonly activeRequests?: (host: H) => number;
}

/** Builds the cluster's balancer over a host set; rebuild it when the set (or a weight) changes. */
export function createLoadBalancer<H extends WeightedHost>(
  policy: LbPolicy,
  hosts: readonly H[],
  deps: LoadBalancerDeps<H>,
): LoadBalancer<H> {
  switch (policy.kind) {
    case "round_robin":
      return roundRobin(hosts, deps.random);
    case "random":
      return weightedRandom(hosts, deps.random);
    case "least_request":
      return leastRequest(hosts, deps.random, deps.activeRequests ?? (() => 0), policy.choiceCount);
    case "ring_hash":
      return ringHash(hosts, deps.random, policy);
    case "maglev":
      return maglev(hosts, deps.random, policy.tableSize);
  }
}
