/**
 * Sidecar benchmark: direct (client → upstream), one hop (client → sidecar → upstream) and two hops
 * (client → caller's sidecar → callee's sidecar → upstream), alternating in one run, with 1 KB responses;
 * beside them, as references, a minimal node:http proxy and the floor, a TCP relay (one and two hops).
 * Reports the maximum request rate of each (wrk, else autocannon, in its own process) and the ratios, the
 * latency at a fixed 1,000 req/s (p50/p90/p99), CPU per 1,000 req/s and RSS of each proxy. The proxies
 * run as their own processes, bundled with esbuild into plain JavaScript (as a deployment would run
 * them) and configured by a real xDS server in this process. Writes bench-results/proxy.json.
 *
 * Run: npx tsx tests/bench/proxy.ts   (ROUNDS=3 SECONDS=5 RATE=1000 FIXED_SECONDS=10 CONNECTIONS=50
 * PROXY_NODE_FLAGS="..." OUT_FILE=proxy.json; PROXY_BUNDLE=path runs that prebuilt bundle instead, e.g.
 * one built from an earlier commit, to compare versions under the same conditions)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { proxyBuildOptions } from "../../bin/proxy-bundle.mjs";
import { SIDECAR_NODE_FLAGS } from "../../lib/proxy/cli/node-flags";
import { translate } from "../../lib/proxy/testing/harness";
import { startXdsServer } from "../../lib/xds/server";
import { SnapshotCache } from "../../lib/xds/snapshot/cache";
import { buildSnapshot } from "../../lib/xds/snapshot/snapshot";
import { BASELINE_PROXY_SOURCE, TCP_RELAY_SOURCE } from "./proxy-baseline";
import {
  anonymousMb,
  type Child,
  cpuSeconds,
  fixedRate,
  hasWrk,
  maxRate,
  ROOT,
  rssMb,
  startChild,
  startTsx,
} from "./proxy-processes";
import { type Sample, summarize } from "./proxy-summary";

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 5);
const RATE = Number(process.env.RATE ?? 1000);
const FIXED_SECONDS = Number(process.env.FIXED_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
/** Node flags for the two proxies: the ones the demo uses unless PROXY_NODE_FLAGS says otherwise ("" for none). */
const PROXY_NODE_FLAGS =
  process.env.PROXY_NODE_FLAGS === undefined
    ? [...SIDECAR_NODE_FLAGS]
    : process.env.PROXY_NODE_FLAGS.split(" ").filter((f) => f !== "");
const OUT = path.join(ROOT, "bench-results");

const MESH = `
services:
  - name: client
  - name: bench
  - name: bench2
`;

async function main(): Promise<void> {
  fs.mkdirSync(path.join(OUT, ".build"), { recursive: true });
  const prebuilt = process.env.PROXY_BUNDLE;
  const bundle = prebuilt ? path.resolve(prebuilt) : path.join(OUT, ".build", "weft-proxy.mjs");
  if (!prebuilt)
    await build({
      ...(await proxyBuildOptions(ROOT)),
      entryPoints: [path.join(ROOT, "lib/proxy/cli/entry.ts")],
      outfile: bundle,
    });
  const children: Child[] = [];
  const cache = new SnapshotCache();
  const xds = await startXdsServer({ host: "127.0.0.1", port: 0, cache });
  try {
    const upstream = startTsx(path.join(ROOT, "tests/bench/proxy-upstream.ts"), ["0"]);
    children.push(upstream);
    const [, upstreamAddress = "", upstreamPid = "0"] = await upstream.waitFor(/upstream: (\S+) pid (\d+)/);
    const proxy = async (service: string) => {
      const child = startChild(process.execPath, [
        ...PROXY_NODE_FLAGS,
        bundle,
        ...["--service", service, "--app", upstreamAddress, "--xds", `127.0.0.1:${xds.port}`],
        ...[
          "--node-id",
          `bench-${service}`,
          "--inbound-port",
          "0",
          "--outbound-port",
          "0",
          "--admin-port",
          "0",
        ],
      ]);
      children.push(child);
      const inbound = (await child.waitFor(/proxy inbound: (\S+)/))[1]!;
      const outbound = (await child.waitFor(/proxy outbound: (\S+)/))[1]!;
      return { child, inbound, outbound };
    };
    const baseline = startChild(process.execPath, [
      "--input-type=module",
      "-e",
      BASELINE_PROXY_SOURCE,
      upstreamAddress,
    ]);
    children.push(baseline);
    const baselineAddress = (await baseline.waitFor(/baseline: (\S+)/))[1]!;
    // The floor relays run with the sidecars' flags, so their RSS compares like with like.
    const relay = async (target: string) => {
      const child = startChild(process.execPath, [
        ...PROXY_NODE_FLAGS,
        "--input-type=module",
        "-e",
        TCP_RELAY_SOURCE,
        target,
      ]);
      children.push(child);
      return { child, address: (await child.waitFor(/relay: (\S+)/))[1]! };
    };
    const relayOne = await relay(upstreamAddress);
    const relayCallee = await relay(upstreamAddress);
    const relayCaller = await relay(relayCallee.address);
    const caller = await proxy("client");
    const callee = await proxy("bench2");
    const [upHost, upPort] = splitAddress(upstreamAddress);
    const [inHost, inPort] = splitAddress(callee.inbound);
    const registry = [
      { service: "bench", address: upHost, port: upPort, labels: {} },
      { service: "bench2", address: inHost, port: inPort, labels: {} },
    ];
    for (const id of ["bench-client", "bench-bench2"])
      cache.set(id, buildSnapshot(translate(MESH, registry, id)));
    await caller.child.waitFor(/initial configuration received/);
    await callee.child.waitFor(/initial configuration received/);

    const setups = [
      // Direct measures the upstream itself: what one bare node:http exchange costs on this machine.
      { name: "direct", address: upstreamAddress, host: "bench", pids: [Number(upstreamPid)] },
      { name: "one_hop", address: caller.outbound, host: "bench", pids: [caller.child.pid] },
      {
        name: "two_hops",
        address: caller.outbound,
        host: "bench2",
        pids: [caller.child.pid, callee.child.pid],
      },
      { name: "node_baseline_proxy", address: baselineAddress, host: "bench", pids: [baseline.pid] },
      { name: "tcp_relay", address: relayOne.address, host: "bench", pids: [relayOne.child.pid] },
      {
        name: "tcp_relay_two_hops",
        address: relayCaller.address,
        host: "bench",
        pids: [relayCaller.child.pid, relayCallee.child.pid],
      },
    ];
    const tool = hasWrk() ? "wrk" : "autocannon";
    console.log(
      `load: ${tool} (max rate, ${CONNECTIONS} connections), tests/bench/proxy-load.ts (fixed ${RATE} req/s)`,
    );
    for (const setup of setups) await maxRate(setup.address, setup.host, 2, CONNECTIONS); // warm-up
    const loadBefore = os.loadavg()[0] ?? 0;
    const samples: Sample[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const setup of setups) {
        const rate = await maxRate(setup.address, setup.host, SECONDS, CONNECTIONS);
        console.log(`round ${round} ${setup.name}: max ${rate.toFixed(0)} req/s`);
        samples.push({ setup: setup.name, kind: "max", rate });
      }
      for (const setup of setups) {
        const pids = setup.pids;
        const cpuBefore = pids.map(cpuSeconds);
        const rss = pids.map(rssMb);
        const anonymous = pids.map(anonymousMb);
        const sampler = setInterval(() => {
          for (const [i, pid] of pids.entries()) {
            rss[i] = Math.max(rss[i]!, rssMb(pid));
            anonymous[i] = Math.max(anonymous[i]!, anonymousMb(pid));
          }
        }, 200);
        const started = performance.now();
        const result = await fixedRate(setup.address, setup.host, RATE, FIXED_SECONDS);
        const wall = (performance.now() - started) / 1000;
        clearInterval(sampler);
        const cpuUsed = pids.map((pid, i) => cpuSeconds(pid) - cpuBefore[i]!);
        const cpu = cpuUsed.map((seconds) => seconds / wall);
        console.log(
          `round ${round} ${setup.name}: ${result.rate} req/s p50 ${result.p50Ms.toFixed(3)} p90 ${result.p90Ms.toFixed(3)} p99 ${result.p99Ms.toFixed(3)} ms, errors ${result.errors}, proxy vCPU ${cpu.map((c) => c.toFixed(3)).join("/") || "-"} (${cpuUsed.map((c) => ((c * 1e6) / result.answered).toFixed(0)).join("/") || "-"} µs per request), RSS ${rss.map((r) => r.toFixed(1)).join("/") || "-"} MB (anonymous ${anonymous.map((r) => r.toFixed(1)).join("/") || "-"} MB)`,
        );
        samples.push({ setup: setup.name, kind: "fixed", fixed: result, cpu, cpuUsed, rss, anonymous, wall });
      }
    }
    const summary = summarize(samples, {
      rounds: ROUNDS,
      rate: RATE,
      tool,
      proxy_node_flags: PROXY_NODE_FLAGS.join(" "),
      proxy_bundle: path.relative(ROOT, bundle),
      cores: os.availableParallelism(),
      // Other work on the machine skews latency percentiles; the 1-minute load average shows how much.
      load_average_before: loadBefore,
      load_average_after: os.loadavg()[0] ?? 0,
    });
    fs.writeFileSync(
      path.join(OUT, process.env.OUT_FILE ?? "proxy.json"),
      `${JSON.stringify(summary, null, 2)}\n`,
    );
    console.log(JSON.stringify(summary, null, 2));
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await xds.close();
  }
}

function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(":");
  return [address.slice(0, colon), Number(address.slice(colon + 1))];
}

await main();
