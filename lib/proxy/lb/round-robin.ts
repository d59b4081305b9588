import type { Random } from "../util/random";
import { EdfScheduler } from "./edf-scheduler";
import { allWeightsEqual, type LoadBalancer, type WeightedHost } from "./types";

/**
 * Round robin: plain rotation when all weights are equal, EDF otherwise. Both start at a random offset
 * so that many proxies built at the same moment do not all begin with the same host.
 */
export function roundRobin<H extends WeightedHost>(hosts: readonly H[], random: Random): LoadBalancer<H> {
  if (hosts.length === 0) return { hosts, pick: () => undefined };
  const offset = Math.floor(random() * hosts.length);
  if (allWeightsEqual(hosts)) {
    let next = offset;
    return {
      hosts,
      pick() {
        const host = hosts[next]!;
        next = next + 1 === hosts.length ? 0 : next + 1;
        return host;
      },
    };
  }
  const scheduler = new EdfScheduler<H>();
  for (const host of hosts) scheduler.add(host, host.weight);
  for (let i = 0; i < offset; i++) scheduler.pick();
  return { hosts, pick: () => scheduler.pick() };
}
