/**
 * Turns the proxy benchmark's samples into the summary written to bench-results/proxy.json: medians per
 * set-up over the rounds, ratios to direct, latency added by the hops, CPU per 1,000 req/s and RSS of each
 * proxy, and each target with whether it was met.
 */
import type { FixedRateResult } from "./proxy-processes";

export type Sample =
  | { readonly setup: string; readonly kind: "max"; readonly rate: number }
  | {
      readonly setup: string;
      readonly kind: "fixed";
      readonly fixed: FixedRateResult;
      /** vCPU of each proxy of the set-up over the run's wall time (caller first). */
      readonly cpu: number[];
      /** CPU seconds each proxy used over the run, for every request answered (warm-up included). */
      readonly cpuUsed: number[];
      /** Highest RSS (MB) of each proxy seen during the run. */
      readonly rss: number[];
      /** Highest anonymous memory (MB) of each proxy: RSS without the shared pages of the executable. */
      readonly anonymous: number[];
      readonly wall: number;
    };

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

export function summarize(
  samples: readonly Sample[],
  context: {
    rounds: number;
    rate: number;
    tool: string;
    proxy_node_flags: string;
    proxy_bundle: string;
    cores: number;
    load_average_before: number;
    load_average_after: number;
  },
) {
  const setups = ["direct", "one_hop", "two_hops", "node_baseline_proxy", "tcp_relay", "tcp_relay_two_hops"];
  const max = Object.fromEntries(
    setups.map((s) => [
      s,
      median(
        samples.filter((x) => x.setup === s && x.kind === "max").map((x) => (x.kind === "max" ? x.rate : 0)),
      ),
    ]),
  ) as Record<string, number>;
  const fixed = (setup: string) =>
    samples.filter((x): x is Extract<Sample, { kind: "fixed" }> => x.setup === setup && x.kind === "fixed");
  const latency = Object.fromEntries(
    setups.map((s) => {
      const runs = fixed(s);
      return [
        s,
        {
          achieved_rate: median(runs.map((r) => r.fixed.rate)),
          errors: runs.reduce((n, r) => n + r.fixed.errors, 0),
          p50_ms: round(median(runs.map((r) => r.fixed.p50Ms))),
          p90_ms: round(median(runs.map((r) => r.fixed.p90Ms))),
          p99_ms: round(median(runs.map((r) => r.fixed.p99Ms))),
        },
      ];
    }),
  ) as Record<
    string,
    { achieved_rate: number; errors: number; p50_ms: number; p90_ms: number; p99_ms: number }
  >;
  const perProxy = (setup: string, index: number) => {
    const runs = fixed(setup);
    // CPU per request, not vCPU over wall time: the wall time includes the load generator's start, when the
    // proxy idles, which made the figure look ~5% better than it is.
    const perThousand = median(runs.map((r) => ((r.cpuUsed[index] ?? 0) / r.fixed.answered) * 1000));
    return {
      vcpu: round(median(runs.map((r) => r.cpu[index] ?? 0))),
      vcpu_per_1000_rps: round(perThousand),
      rss_mb_max: round(Math.max(...runs.map((r) => r.rss[index] ?? 0)), 1),
      anonymous_mb_max: round(Math.max(...runs.map((r) => r.anonymous[index] ?? 0)), 1),
    };
  };
  const direct = latency.direct!;
  const proxies = {
    one_hop_caller: perProxy("one_hop", 0),
    two_hops_caller: perProxy("two_hops", 0),
    two_hops_callee: perProxy("two_hops", 1),
  };
  const reference = {
    node_baseline_proxy: perProxy("node_baseline_proxy", 0),
    // The upstream answering the direct run: a floor for any Node.js process's CPU per request here (a
    // proxy handles two connections per request, this one).
    upstream_node_http_server: perProxy("direct", 0),
    // The floor: bytes relayed with no HTTP work. What a Node.js proxy cannot go below on this machine.
    tcp_relay: perProxy("tcp_relay", 0),
    tcp_relay_two_hops_caller: perProxy("tcp_relay_two_hops", 0),
    tcp_relay_two_hops_callee: perProxy("tcp_relay_two_hops", 1),
  };
  // The reference proxy does not change between runs, so this share shows the sidecar's own cost apart from
  // how busy the machine was (its vCPU moves with the machine's load).
  const baselineCpu = reference.node_baseline_proxy.vcpu_per_1000_rps;
  const relativeCpu = Object.fromEntries(
    Object.entries(proxies).map(([name, p]) => [name, round(p.vcpu_per_1000_rps / baselineCpu)]),
  );
  /** Latency a set-up adds over direct, per percentile. */
  const addedOverDirect = (setup: string) => {
    const hops = latency[setup]!;
    return {
      p50_ms: round(hops.p50_ms - direct.p50_ms),
      p90_ms: round(hops.p90_ms - direct.p90_ms),
      p99_ms: round(hops.p99_ms - direct.p99_ms),
    };
  };
  const added = addedOverDirect("two_hops");
  const worstCpu = Math.max(...Object.values(proxies).map((p) => p.vcpu_per_1000_rps));
  const worstRss = Math.max(...Object.values(proxies).map((p) => p.rss_mb_max));
  const ratioOne = max.one_hop! / max.direct!;
  return {
    context: { ...context, node: process.version, date: new Date().toISOString() },
    max_rate_rps: {
      direct: Math.round(max.direct!),
      one_hop: Math.round(max.one_hop!),
      two_hops: Math.round(max.two_hops!),
      node_baseline_proxy: Math.round(max.node_baseline_proxy!),
      tcp_relay: Math.round(max.tcp_relay!),
      tcp_relay_two_hops: Math.round(max.tcp_relay_two_hops!),
    },
    ratios: {
      one_hop_to_direct: round(ratioOne),
      two_hops_to_direct: round(max.two_hops! / max.direct!),
      /** The same ratio for the minimal node:http proxy: the ceiling any Node.js proxy meets here. */
      node_baseline_proxy_to_direct: round(max.node_baseline_proxy! / max.direct!),
      one_hop_to_node_baseline_proxy: round(max.one_hop! / max.node_baseline_proxy!),
      /** The floor's ratio: no Node.js proxy that relays the bytes keeps more of the direct rate here. */
      tcp_relay_to_direct: round(max.tcp_relay! / max.direct!),
      one_hop_to_tcp_relay: round(max.one_hop! / max.tcp_relay!),
    },
    latency_at_fixed_rate: latency,
    added_by_two_hops: added,
    added_by_two_tcp_relays: addedOverDirect("tcp_relay_two_hops"),
    proxies,
    reference,
    vcpu_relative_to_node_baseline_proxy: relativeCpu,
    targets: {
      one_hop_ratio_at_least_0_6: { value: round(ratioOne), met: ratioOne >= 0.6 },
      two_hops_added_p90_at_most_0_5_ms: { value: added.p90_ms, met: added.p90_ms <= 0.5 },
      two_hops_added_p99_at_most_1_ms: { value: added.p99_ms, met: added.p99_ms <= 1 },
      vcpu_per_1000_rps_at_most_0_1: { value: worstCpu, met: worstCpu <= 0.1 },
      rss_at_most_60_mb: { value: worstRss, met: worstRss <= 60 },
    },
  };
}
