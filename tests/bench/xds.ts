// `npm run bench:xds` (npx tsx tests/bench/xds.ts [--clients=100,1000] [--rounds=20] [--services=20]):
// a real `weft server` on an embedded PostgreSQL, N simulated ADS proxies in a separate process (each
// ACKing everything), and R weight changes through the HTTP API. For each change: the time from the API
// call to the LAST proxy's ACK of the new routes (p50/p99 over the rounds), and to each proxy's ACK;
// plus the server's RSS and heap growth per connected proxy. Writes bench-results/xds.json.
import { type ChildProcess, fork } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ensureConsoleBuild } from "@/lib/cli/consoleBuild";
import { type BearerApi, roleApis, xdsAddress } from "../support/meshApi";
import { ROOT, type StartedServer, startWeftServer } from "../support/weftProcess";
import type { AckedMessage } from "./xds-client-process";

const TARGET_P99_MS: Record<number, number> = { 100: 100, 1000: 1000 };
const WARM_UP_ROUNDS = 2;
const epochMs = () => performance.timeOrigin + performance.now();

function argument(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

/** A mesh of `services` services; "bench" is the one whose weights change. */
function benchMesh(services: number): string {
  const lines = ["services:"];
  for (let i = 0; i < services; i++) {
    const name = i === 0 ? "bench" : `svc-${i}`;
    lines.push(
      `  - name: ${name}`,
      "    subsets: [{ name: v1, labels: { version: v1 } }, { name: v2, labels: { version: v2 } }]",
      `    endpoints: [{ address: 10.0.${Math.floor(i / 200)}.${(i % 200) + 1}, port: 8080, labels: { version: v1 } }]`,
      "    routes:",
      "      - name: split",
      `        destinations: [{ service: ${name}, subset: v1, weight: 90 }, { service: ${name}, subset: v2, weight: 10 }]`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

async function serverMemory(api: BearerApi): Promise<{ rss: number; heapUsed: number; connected: number }> {
  const { body } = await api.json<{ memory: { rss: number; heapUsed: number }; connectedProxies?: number }>(
    "GET",
    "/api/v1/xds/status?gc=1",
  );
  return { rss: body.memory.rss, heapUsed: body.memory.heapUsed, connected: body.connectedProxies ?? 0 };
}

interface ClientProcess {
  child: ChildProcess;
  nextAcked(kind: string, notVersion: string | undefined, timeoutMs: number): Promise<AckedMessage>;
}

async function startClients(target: string, count: number, services: number): Promise<ClientProcess> {
  const names = Array.from({ length: services }, (_, i) => (i === 0 ? "bench" : `svc-${i}`));
  const clusters = names.flatMap((name) => [name, `${name}|v1`, `${name}|v2`]);
  const child = fork(
    path.join(import.meta.dirname, "xds-client-process.ts"),
    [target, String(count), names.join(","), clusters.join(",")],
    {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    },
  );
  const messages: AckedMessage[] = [];
  const waiters = new Set<() => void>();
  child.on("message", (message: AckedMessage | { type: "ready" | "report" }) => {
    if (message.type === "acked") messages.push(message);
    for (const waiter of [...waiters]) waiter();
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`client process exited with ${code}`)));
  });
  return {
    child,
    nextAcked: (kind, notVersion, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const index = messages.findIndex((m) => m.kind === kind && m.version !== notVersion);
          if (index < 0) return;
          const [found] = messages.splice(0, index + 1).slice(-1);
          clearTimeout(timer);
          waiters.delete(check);
          if (found) resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          child.once("message", (report) =>
            reject(
              new Error(
                `no ${kind} version ACKed by every proxy within ${timeoutMs} ms: ${JSON.stringify(report)}`,
              ),
            ),
          );
          child.send({ type: "report" });
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}

interface RunResult {
  proxies: number;
  rounds: number;
  lastAckMs: { p50: number; p99: number; max: number; perRound: number[] };
  eachAckMs: { p50: number; p99: number };
  apiMs: { p50: number; p99: number };
  rssPerProxyKiB: number;
  heapPerProxyKiB: number;
  targetP99Ms: number | null;
  meetsTarget: boolean | null;
}

async function run(
  server: StartedServer,
  api: BearerApi,
  count: number,
  rounds: number,
  services: number,
): Promise<RunResult> {
  const before = await serverMemory(api);
  const clients = await startClients(await xdsAddress(server), count, services);
  let version = (await clients.nextAcked("routes", undefined, 120_000)).version;
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // let status writes settle
  const after = await serverMemory(api);
  const lastAck: number[] = [];
  const eachAck: number[] = [];
  const apiTimes: number[] = [];
  // The first changes warm up the JIT on both sides; they are made but not counted.
  for (let round = -WARM_UP_ROUNDS; round < rounds; round++) {
    const v1 = 11 + (((round + WARM_UP_ROUNDS) * 7) % 79); // a different split every round
    const started = epochMs();
    const response = await api.json("PUT", "/api/v1/services/bench/routes/split/weights", {
      destinations: [
        { service: "bench", subset: "v1", weight: v1 },
        { service: "bench", subset: "v2", weight: 100 - v1 },
      ],
    });
    const apiMs = epochMs() - started;
    if (response.status !== 200) throw new Error(`weight change failed: ${JSON.stringify(response.body)}`);
    if (process.env.WEFT_XDS_TRACE)
      console.log(`TRACE api started ${started.toFixed(0)} done ${epochMs().toFixed(0)}`);
    const acked = await clients.nextAcked("routes", version, 30_000);
    if (process.env.WEFT_XDS_TRACE)
      console.log(
        `TRACE acks ${Math.min(...acked.ackTimes).toFixed(0)}..${Math.max(...acked.ackTimes).toFixed(0)}`,
      );
    version = acked.version;
    const latencies = acked.ackTimes.map((at) => at - started);
    if (round >= 0) {
      apiTimes.push(apiMs);
      lastAck.push(Math.max(...latencies));
      eachAck.push(...latencies);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  clients.child.disconnect();
  const target = TARGET_P99_MS[count] ?? null;
  const p99 = percentile(lastAck, 99);
  return {
    proxies: count,
    rounds,
    lastAckMs: {
      p50: percentile(lastAck, 50),
      p99,
      max: Math.max(...lastAck),
      perRound: lastAck.map((ms) => Math.round(ms)),
    },
    eachAckMs: { p50: percentile(eachAck, 50), p99: percentile(eachAck, 99) },
    apiMs: { p50: percentile(apiTimes, 50), p99: percentile(apiTimes, 99) },
    rssPerProxyKiB: (after.rss - before.rss) / count / 1024,
    heapPerProxyKiB: (after.heapUsed - before.heapUsed) / count / 1024,
    targetP99Ms: target,
    meetsTarget: target === null ? null : p99 <= target,
  };
}

async function main() {
  const counts = argument("clients", "100,1000").split(",").map(Number);
  const rounds = Number(argument("rounds", "20"));
  const services = Number(argument("services", "20"));
  await ensureConsoleBuild(ROOT, (line) => console.log(`[bench] ${line}`));
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "weft-bench-xds-"));
  // --expose-gc lets the status endpoint collect garbage before it reports memory (?gc=1).
  const server = await startWeftServer({ WEFT_DATA_DIR: dataDir, NODE_OPTIONS: "--expose-gc" });
  if (process.env.WEFT_XDS_TRACE)
    server.process.child.stdout?.on("data", (chunk: Buffer) => process.stdout.write(chunk));
  const results: RunResult[] = [];
  try {
    const { admin } = await roleApis(server);
    const applied = await admin.yaml("PUT", "/api/v1/config", benchMesh(services));
    if (applied.status !== 200)
      throw new Error(`applying the bench mesh failed: ${JSON.stringify(applied.body)}`);
    for (const count of counts) {
      console.log(`[bench] ${count} proxies, ${rounds} weight changes…`);
      results.push(await run(server, admin, count, rounds, services));
    }
  } finally {
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  const summary = {
    benchmark: "xds",
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "", node: process.version },
    services,
    results,
  };
  await fs.mkdir(path.join(ROOT, "bench-results"), { recursive: true });
  await fs.writeFile(path.join(ROOT, "bench-results", "xds.json"), `${JSON.stringify(summary, null, 2)}\n`);
  const fmt = (ms: number) => ms.toFixed(1).padStart(8);
  console.log(
    "\nproxies  change→last ACK p50      p99      max  each ACK p50      p99  API p50  RSS/proxy  heap/proxy  target",
  );
  for (const r of results) {
    console.log(
      `${String(r.proxies).padStart(7)}  ${fmt(r.lastAckMs.p50)} ms ${fmt(r.lastAckMs.p99)} ${fmt(r.lastAckMs.max)}  ${fmt(r.eachAckMs.p50)} ms ${fmt(r.eachAckMs.p99)} ${fmt(r.apiMs.p50)}  ${r.rssPerProxyKiB.toFixed(1).padStart(6)} KiB  ${r.heapPerProxyKiB.toFixed(1).padStart(7)} KiB  ${r.targetP99Ms === null ? "-" : `p99 <= ${r.targetP99Ms} ms: ${r.meetsTarget ? "met" : "MISSED"}`}`,
    );
  }
  console.log("\nwritten to bench-results/xds.json");
}

await main();
process.exit(0);
