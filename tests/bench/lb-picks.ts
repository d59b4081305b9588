/**
 * Picks per second of each load-balancing policy over 100 endpoints, for equal and for varied weights,
 * plus the time to build each balancer. Run: npx tsx tests/bench/lb-picks.ts [picks-per-run]
 * Hash-based policies get a precomputed request hash per pick; "ring_hash+xxh32" also hashes a header
 * value per pick, which is what a request with a hash policy costs in full.
 */
import type { LbPolicy } from "../../lib/proxy/config/cluster-model";
import { createLoadBalancer } from "../../lib/proxy/lb/create";
import type { WeightedHost } from "../../lib/proxy/lb/types";
import { xxh32 } from "../../lib/proxy/util/hash";
import { randomUint32, seededRandom } from "../../lib/proxy/util/random";

const PICKS = Number(process.argv[2] ?? 2_000_000);
const HOSTS = 100;
const RUNS = 5;

const policies: LbPolicy[] = [
  { kind: "round_robin" },
  { kind: "random" },
  { kind: "least_request", choiceCount: 2 },
  { kind: "ring_hash", minRingSize: 1024, maxRingSize: 8_388_608 },
  { kind: "maglev", tableSize: 65_537 },
];

function hosts(weighted: boolean): WeightedHost[] {
  return Array.from({ length: HOSTS }, (_, i) => ({
    key: `10.0.${i >> 8}.${i & 255}:8080`,
    weight: weighted ? 1 + (i % 5) : 1,
  }));
}

const hashRandom = seededRandom(7);
const hashes = Uint32Array.from({ length: 65_536 }, () => randomUint32(hashRandom));
const userIds = Array.from({ length: 4096 }, (_, i) => `user-${i * 7919}`);

function measure(
  policy: LbPolicy,
  weighted: boolean,
  hashHeader: boolean,
): { picksPerSecond: number; buildMs: number } {
  const active = new Map<string, number>();
  const deps = { random: seededRandom(1), activeRequests: (h: WeightedHost) => active.get(h.key) ?? 0 };
  let buildMs = Number.POSITIVE_INFINITY;
  let lb = createLoadBalancer(policy, hosts(weighted), deps);
  for (let r = 0; r < RUNS; r++) {
    const buildStart = performance.now();
    lb = createLoadBalancer(policy, hosts(weighted), deps);
    buildMs = Math.min(buildMs, performance.now() - buildStart);
  }
  const hashed = policy.kind === "ring_hash" || policy.kind === "maglev";
  let sink = 0;
  const run = (n: number) => {
    for (let i = 0; i < n; i++) {
      const context = hashed
        ? { hash: hashHeader ? xxh32(userIds[i & 4095]!) : hashes[i & 65_535]! }
        : undefined;
      sink += lb.pick(context)!.weight;
    }
  };
  run(PICKS / 10);
  let best = 0;
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    run(PICKS);
    best = Math.max(best, PICKS / ((performance.now() - start) / 1000));
  }
  if (sink === 0) throw new Error("unreachable");
  return { picksPerSecond: best, buildMs };
}

const rows: string[][] = [["policy", "weights", "picks/s (best of 5)", "build ms (best of 5)"]];
for (const policy of policies) {
  for (const weighted of [false, true]) {
    const { picksPerSecond, buildMs } = measure(policy, weighted, false);
    rows.push([
      policy.kind,
      weighted ? "1..5" : "equal",
      Math.round(picksPerSecond).toLocaleString("en-US"),
      buildMs.toFixed(2),
    ]);
  }
}
const full = measure(policies[3]!, false, true);
rows.push([
  "ring_hash+xxh32",
  "equal",
  Math.round(full.picksPerSecond).toLocaleString("en-US"),
  full.buildMs.toFixed(2),
]);

console.log(`${HOSTS} endpoints, ${PICKS.toLocaleString("en-US")} picks per run, Node ${process.version}`);
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const row of rows)
  console.log(
    row.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join("  "),
  );
