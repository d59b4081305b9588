// Ingest benchmark (not a test): `npx tsx tests/bench/ingest.ts [--seconds=20] [--rounds=2] [--senders=8]`.
//
// Starts an embedded PostgreSQL and two `weft server` processes on it, one writing spans by binary COPY
// (the default) and one by a row-at-a-time INSERT (WEFT_INGEST_WRITER=rows), then a separate load-generator
// process (ingest-load.ts) that posts OTLP/protobuf exports to them in alternating phases. Per phase it
// reports spans/s stored (counted in PostgreSQL), export acknowledgement latency, the server's RSS and the
// CPU used by the server and by PostgreSQL; then the COPY / INSERT ratios. Writes bench-results/ingest.json.
// Target (2 cores): >= 50,000 spans/s stored with ack p99 <= 200 ms.

import { type ChildProcess, fork } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ensureConsoleBuild } from "../../lib/cli/consoleBuild";
import { startEmbeddedCluster } from "../../lib/db/embedded/cluster";
import { otlpAddresses } from "../../lib/telemetry/testing/otlp-addresses";
import { ROOT, runWeft, type WeftProcess, waitForOutput } from "../support/weftProcess";
import type { LoadRequest, LoadResult } from "./ingest-load";

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, "").split("=");
    return [key!, value ?? "true"];
  }),
);
const SECONDS = Number(args.get("seconds") ?? 20);
const ROUNDS = Number(args.get("rounds") ?? 2);
const SENDERS = Number(args.get("senders") ?? 8);
const WARMUP_SECONDS = 5;
const TARGET = { spansPerSecond: 50_000, ackP99Ms: 200 };
type Writer = "copy" | "rows";

interface Phase {
  writer: Writer;
  seconds: number;
  acknowledgedSpans: number;
  storedSpans: number;
  storedPerSecond: number;
  refused: number;
  failed: string[];
  ackMs: LoadResult["ackMs"];
  serverRssMb: number;
  /** RSS before the phase: the idle server (console, Prisma, Next.js) without ingest load. */
  serverRssBeforeMb: number;
  serverCpuSeconds: number;
  postgresCpuSeconds: number;
  loadGeneratorCpuSeconds: number;
  /** CPU used by everything else on the machine meanwhile (other processes compete for the same cores). */
  otherCpuSeconds: number;
  /** Spans stored per CPU-second of server + PostgreSQL: the figure least disturbed by a busy machine. */
  spansPerCpuSecond: number;
}

const TICKS_PER_SECOND = 100;

async function cpuSeconds(pids: number[]): Promise<number> {
  let ticks = 0;
  for (const pid of pids) {
    const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0); // utime, stime
  }
  return ticks / TICKS_PER_SECOND;
}

/** CPU-seconds all cores spent busy since boot (from /proc/stat). */
async function machineBusySeconds(): Promise<number> {
  const stat = await fs.readFile("/proc/stat", "utf8");
  const [, user, nice, system, , , irq, softirq, steal] = stat
    .split("\n")[0]!
    .trim()
    .split(/\s+/)
    .map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / TICKS_PER_SECOND;
}

async function rssMb(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** The PostgreSQL processes of the cluster in `pgDir`: its postmaster and the postmaster's children. */
async function postgresPids(pgDir: string): Promise<number[]> {
  const entries = (await fs.readdir("/proc")).filter((entry) => /^\d+$/.test(entry));
  let postmaster = 0;
  for (const entry of entries) {
    const cmdline = await fs.readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (cmdline.split("\0").includes(pgDir)) postmaster = Number(entry);
  }
  if (postmaster === 0) return [];
  const pids = [postmaster];
  for (const entry of entries) {
    const status = await fs.readFile(`/proc/${entry}/status`, "utf8").catch(() => "");
    if (Number(/PPid:\s+(\d+)/.exec(status)?.[1]) === postmaster) pids.push(Number(entry));
  }
  return pids;
}

async function countSpans(pool: pg.Pool): Promise<number> {
  const result = await pool.query<{ n: string }>("SELECT count(*) AS n FROM telemetry_spans");
  return Number(result.rows[0]!.n);
}

function startLoad(): Promise<ChildProcess> {
  const child = fork(path.join(import.meta.dirname, "ingest-load.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`load generator exited (${code})`)));
  });
}

function runLoad(child: ChildProcess, request: LoadRequest): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    child.once("message", (message: LoadResult | { type: "error"; message: string }) =>
      message.type === "result" ? resolve(message) : reject(new Error(message.message)),
    );
    child.send(request);
  });
}

async function phase(
  writer: Writer,
  server: { process: WeftProcess; url: string },
  load: ChildProcess,
  pool: pg.Pool,
  pgDir: string,
  seconds: number,
): Promise<Phase> {
  const pid = server.process.child.pid!;
  const before = await countSpans(pool);
  const pgPids = await postgresPids(pgDir);
  const cpuBefore = [
    await cpuSeconds([pid]),
    await cpuSeconds(pgPids),
    await cpuSeconds([load.pid!]),
    await machineBusySeconds(),
  ];
  const rssBefore = await rssMb(pid);
  let maxRss = rssBefore;
  const sampler = setInterval(() => {
    void rssMb(pid).then((mb) => {
      maxRss = Math.max(maxRss, mb);
    });
  }, 250);
  const result = await runLoad(load, { type: "run", url: server.url, seconds, senders: SENDERS });
  clearInterval(sampler);
  const cpuAfter = [
    await cpuSeconds([pid]),
    await cpuSeconds(await postgresPids(pgDir)),
    await cpuSeconds([load.pid!]),
    await machineBusySeconds(),
  ];
  const used = cpuAfter.map((after, i) => after - cpuBefore[i]!);
  const [serverCpu, postgresCpu, loadCpu, machineCpu] = used as [number, number, number, number];
  const stored = (await countSpans(pool)) - before;
  return {
    writer,
    seconds: result.seconds,
    acknowledgedSpans: result.spans,
    storedSpans: stored,
    storedPerSecond: Math.round(stored / result.seconds),
    refused: result.refused,
    failed: result.failed,
    ackMs: result.ackMs,
    serverRssMb: Math.round(maxRss),
    serverRssBeforeMb: Math.round(rssBefore),
    serverCpuSeconds: round1(serverCpu),
    postgresCpuSeconds: round1(postgresCpu),
    loadGeneratorCpuSeconds: round1(loadCpu),
    otherCpuSeconds: round1(Math.max(0, machineCpu - serverCpu - postgresCpu - loadCpu)),
    spansPerCpuSecond: Math.round(stored / Math.max(0.01, serverCpu + postgresCpu)),
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function print(p: Phase): void {
  const rate = p.storedPerSecond.toLocaleString("en-US").padStart(8);
  console.log(
    `${p.writer.padEnd(5)} ${rate} spans/s stored (${p.storedSpans.toLocaleString("en-US")} in ${p.seconds} s, ` +
      `${p.acknowledgedSpans.toLocaleString("en-US")} acknowledged)  ack p50 ${p.ackMs.p50} ms  p99 ${p.ackMs.p99} ms  ` +
      `refused ${p.refused}  server RSS ${p.serverRssMb} MB (${p.serverRssBeforeMb} MB before)  ` +
      `CPU s: server ${p.serverCpuSeconds}, PostgreSQL ${p.postgresCpuSeconds}, load ${p.loadGeneratorCpuSeconds}, ` +
      `other processes ${p.otherCpuSeconds}  (${p.spansPerCpuSecond.toLocaleString("en-US")} spans per CPU-second)`,
  );
}

function summarize(phases: Phase[], writer: Writer) {
  const mine = phases.filter((p) => p.writer === writer);
  const mean = (pick: (p: Phase) => number) =>
    Math.round(mine.reduce((s, p) => s + pick(p), 0) / mine.length);
  return {
    storedPerSecond: mean((p) => p.storedPerSecond),
    ackP50Ms: Math.max(...mine.map((p) => p.ackMs.p50)),
    ackP99Ms: Math.max(...mine.map((p) => p.ackMs.p99)),
    serverRssMb: Math.max(...mine.map((p) => p.serverRssMb)),
    spansPerCpuSecond: mean((p) => p.spansPerCpuSecond),
    otherCpuSeconds: Math.round(mine.reduce((s, p) => s + p.otherCpuSeconds, 0)),
    cpuSecondsPer100kSpans:
      Math.round(
        (mine.reduce((s, p) => s + p.serverCpuSeconds + p.postgresCpuSeconds, 0) /
          mine.reduce((s, p) => s + p.storedSpans, 0)) *
          100_000 *
          100,
      ) / 100,
  };
}

async function startServer(url: string, writer: Writer): Promise<{ process: WeftProcess; url: string }> {
  const process = runWeft(["server"], {
    DATABASE_URL: url,
    PORT: "0",
    WEFT_OTLP_HTTP_PORT: "0",
    WEFT_OTLP_GRPC_PORT: "0",
    WEFT_XDS_PORT: "0",
    WEFT_ADMIN_PASSWORD: "bench-admin-password",
    WEFT_INGEST_WRITER: writer,
  });
  await waitForOutput(process, /otlp-grpc: /);
  return { process, url: `${otlpAddresses(process.output()).http}/v1/traces` };
}

async function main(): Promise<void> {
  await ensureConsoleBuild(ROOT, (line) => console.log(`[build] ${line}`));
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "weft-bench-ingest-"));
  const cluster = await startEmbeddedCluster(dataDir);
  const pgDir = path.join(dataDir, "pg");
  const pool = new pg.Pool({ connectionString: cluster.url, max: 2 });
  const servers: Partial<Record<Writer, { process: WeftProcess; url: string }>> = {};
  let load: ChildProcess | undefined;
  try {
    servers.copy = await startServer(cluster.url, "copy");
    servers.rows = await startServer(cluster.url, "rows");
    load = await startLoad();
    console.log(
      `ingest benchmark: ${os.cpus().length} CPUs, node ${process.version}, ${SENDERS} senders, ` +
        `${ROUNDS} rounds of ${SECONDS} s per writer, alternating (after ${WARMUP_SECONDS} s warm-up)`,
    );
    await phase("copy", servers.copy, load, pool, pgDir, WARMUP_SECONDS);
    const phases: Phase[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const writer of ["copy", "rows"] as const) {
        const result = await phase(writer, servers[writer]!, load, pool, pgDir, SECONDS);
        print(result);
        phases.push(result);
      }
    }
    const copy = summarize(phases, "copy");
    const rows = summarize(phases, "rows");
    const ratios = {
      storedPerSecond: Math.round((copy.storedPerSecond / rows.storedPerSecond) * 100) / 100,
      ackP99: Math.round((copy.ackP99Ms / rows.ackP99Ms) * 100) / 100,
      cpuPerSpan: Math.round((copy.cpuSecondsPer100kSpans / rows.cpuSecondsPer100kSpans) * 100) / 100,
    };
    const meetsTarget = copy.storedPerSecond >= TARGET.spansPerSecond && copy.ackP99Ms <= TARGET.ackP99Ms;
    console.log(
      `\nCOPY: ${copy.storedPerSecond.toLocaleString("en-US")} spans/s, ack p99 ${copy.ackP99Ms} ms, RSS ${copy.serverRssMb} MB` +
        `\n      ${copy.spansPerCpuSecond.toLocaleString("en-US")} spans per CPU-second of server + PostgreSQL; ` +
        `other processes used ${copy.otherCpuSeconds} CPU-s meanwhile` +
        `\nINSERT row by row: ${rows.storedPerSecond.toLocaleString("en-US")} spans/s, ack p99 ${rows.ackP99Ms} ms, ` +
        `${rows.spansPerCpuSecond.toLocaleString("en-US")} spans per CPU-second` +
        `\nratios COPY / INSERT: spans/s ${ratios.storedPerSecond}x, ack p99 ${ratios.ackP99}x, CPU per span ${ratios.cpuPerSpan}x` +
        `\ntarget >= ${TARGET.spansPerSecond.toLocaleString("en-US")} spans/s with ack p99 <= ${TARGET.ackP99Ms} ms: ${meetsTarget ? "met" : "NOT met"}`,
    );
    await fs.mkdir(path.join(ROOT, "bench-results"), { recursive: true });
    await fs.writeFile(
      path.join(ROOT, "bench-results", "ingest.json"),
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "", node: process.version },
          settings: { seconds: SECONDS, rounds: ROUNDS, senders: SENDERS, spansPerExport: "128-512" },
          target: TARGET,
          meetsTarget,
          copy,
          rows,
          ratios,
          phases,
        },
        null,
        2,
      )}\n`,
    );
    console.log("written: bench-results/ingest.json");
  } finally {
    load?.kill();
    for (const server of Object.values(servers)) await server?.process.stop();
    await pool.end();
    await cluster.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

await main();
