/**
 * Profiles one sidecar under load: the bench's upstream and xDS server, one proxy bundle started with
 * `node --cpu-prof` (profile in PROFILE_DIR, default bench-results/.profile; PROFILE=0 for none), wrk
 * (or the open-loop generator at RATE req/s) through its outbound listener for SECONDS, and the proxy's
 * CPU and its RSS idle, configured and after the load.
 * Run after `npm run bench:proxy` has built the bundle: npx tsx tests/bench/proxy-profile.ts
 * (PROXY_BUNDLE=path profiles another bundle, e.g. one built from an earlier commit)
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { translate } from "../../lib/proxy/testing/harness";
import { startXdsServer } from "../../lib/xds/server";
import { SnapshotCache } from "../../lib/xds/snapshot/cache";
import { buildSnapshot } from "../../lib/xds/snapshot/snapshot";
import { cpuSeconds, fixedRate, ROOT, rssMb, startChild, startTsx } from "./proxy-processes";

const SECONDS = Number(process.env.SECONDS ?? 8);
const PROFILE_DIR = process.env.PROFILE_DIR ?? path.join(ROOT, "bench-results", ".profile");

const cache = new SnapshotCache();
const xds = await startXdsServer({ host: "127.0.0.1", port: 0, cache });
const upstream = startTsx(path.join(ROOT, "tests/bench/proxy-upstream.ts"), ["0"]);
const upstreamAddress = (await upstream.waitFor(/upstream: (\S+)/))[1]!;
const bundle = path.resolve(
  process.env.PROXY_BUNDLE ?? path.join(ROOT, "bench-results", ".build", "weft-proxy.mjs"),
);
const profile = process.env.PROFILE === "0" ? [] : ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`];
const proxy = startChild(process.execPath, [
  ...profile,
  ...(process.env.PROXY_NODE_FLAGS ?? "").split(" ").filter((f) => f !== ""),
  bundle,
  ...["--service", "client", "--app", upstreamAddress, "--xds", `127.0.0.1:${xds.port}`],
  ...["--node-id", "bench-client", "--inbound-port", "0", "--outbound-port", "0", "--admin-port", "0"],
]);
const outbound = (await proxy.waitFor(/proxy outbound: (\S+)/))[1]!;
await new Promise((resolve) => setTimeout(resolve, 500));
console.log(`RSS before configuration: ${rssMb(proxy.pid).toFixed(1)} MB`);
const colon = upstreamAddress.lastIndexOf(":");
const registry = [
  {
    service: "bench",
    address: upstreamAddress.slice(0, colon),
    port: Number(upstreamAddress.slice(colon + 1)),
    labels: {},
  },
];
cache.set(
  "bench-client",
  buildSnapshot(translate("services:\n  - name: client\n  - name: bench\n", registry, "bench-client")),
);
await proxy.waitFor(/initial configuration received/);
await new Promise((resolve) => setTimeout(resolve, 500));
console.log(`RSS configured: ${rssMb(proxy.pid).toFixed(1)} MB`);
// RATE=n: the bench's open-loop generator at n req/s instead of wrk at full speed.
const rate = Number(process.env.RATE ?? 0);
const cpuBefore = cpuSeconds(proxy.pid);
const started = performance.now();
if (rate > 0) console.log(await fixedRate(outbound, "bench", rate, SECONDS));
else {
  const wrk = ["-t1", "-c50", `-d${SECONDS}s`, "-H", "Host: bench", `http://${outbound}/`];
  console.log(execFileSync("wrk", wrk, { encoding: "utf8" }));
}
const vcpu = (cpuSeconds(proxy.pid) - cpuBefore) / ((performance.now() - started) / 1000);
console.log(`proxy vCPU: ${vcpu.toFixed(3)}`);
console.log(`RSS after load: ${rssMb(proxy.pid).toFixed(1)} MB`);
await proxy.stop();
await upstream.stop();
await xds.close();
if (profile.length > 0) console.log(`profile written to ${PROFILE_DIR}`);
