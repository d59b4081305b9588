// Simulated proxies for the control-plane benchmark: N plain ADS streams (grpc-js with Weft's codecs, one
// connection each) that subscribe like a sidecar (LDS/CDS wildcard, RDS/EDS by name) and ACK everything
// at once. openSimulatedProxies() is the reusable part; run directly, this file starts an in-process xDS
// server, changes one route's weights per round and reports the time from the change to each ACK.
//
//   npx tsx tests/bench/xds-clients.ts --clients=100,1000 --rounds=20
//
// In-process numbers share one event loop between server and clients; the real benchmark runs the
// clients in a separate process (pass a target and timestamps are epoch milliseconds for that case).
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import * as grpc from "@grpc/grpc-js";
import type { DiscoveryResponse } from "@/lib/xds/messages";
import { RESOURCE_KINDS, type ResourceKind, TYPE_URLS } from "@/lib/xds/resource-types";
import { startXdsServer } from "@/lib/xds/server";
import { SnapshotCache } from "@/lib/xds/snapshot/cache";
import { buildSnapshot } from "@/lib/xds/snapshot/snapshot";
import { openSotwStream } from "@/lib/xds/testing/ads-client";
import { routeConfigName, weightedServiceResources } from "@/lib/xds/testing/weighted-service";

/** Epoch milliseconds with sub-millisecond precision, comparable across processes on one machine. */
const epochMs = () => performance.timeOrigin + performance.now();

export interface SimulatedProxiesOptions {
  target: string;
  count: number;
  nodeIdPrefix?: string;
  routeNames: string[];
  clusterNames: string[];
  /** Node metadata "client" (how the control plane tailors resources); none by default. */
  client?: string;
  /** Called once per (kind, version) when every proxy has ACKed it, with each proxy's ACK time. */
  onAllAcked?: (kind: ResourceKind, version: string, ackTimes: number[]) => void;
}

export interface SimulatedProxies {
  nodeIds: string[];
  /** Resolves with every proxy's ACK time (epoch ms) once all have ACKed `version` of `kind`. */
  waitForAck(kind: ResourceKind, version: string, timeoutMs?: number): Promise<number[]>;
  /** For diagnostics: how many proxies ACKed each version of a type, and how many streams ended. */
  report(kind: ResourceKind): { acksByVersion: Record<string, number>; endedStreams: number };
  close(): void;
}

export async function openSimulatedProxies(options: SimulatedProxiesOptions): Promise<SimulatedProxies> {
  const prefix = options.nodeIdPrefix ?? "bench";
  const nodeIds = Array.from({ length: options.count }, (_, i) => `${prefix}-${i}`);
  const acked = RESOURCE_KINDS.map(() => new Map<string, Map<string, number>>());
  const ackedOf = (kind: ResourceKind) => acked[RESOURCE_KINDS.indexOf(kind)] ?? new Map();
  const waiters = new Set<() => void>();
  const reported = new Set<string>();
  const names: Record<ResourceKind, string[]> = {
    listeners: [],
    clusters: [],
    routes: options.routeNames,
    endpoints: options.clusterNames,
  };
  const clients: grpc.Client[] = [];
  let endedStreams = 0;
  for (const nodeId of nodeIds) {
    // A local subchannel pool gives every simulated proxy its own HTTP/2 connection, like real sidecars.
    const client = new grpc.Client(options.target, grpc.credentials.createInsecure(), {
      "grpc.use_local_subchannel_pool": 1,
      "grpc.max_receive_message_length": 64 * 1024 * 1024,
    });
    clients.push(client);
    const stream = openSotwStream(client);
    void stream.status.then(() => (endedStreams += 1));
    stream.onResponse((response: DiscoveryResponse) => {
      const kind = RESOURCE_KINDS.find((k) => TYPE_URLS[k] === response.type_url);
      if (!kind) return;
      stream.send({
        type_url: response.type_url,
        version_info: response.version_info,
        response_nonce: response.nonce,
        resource_names: names[kind],
      });
      const byVersion = ackedOf(kind);
      const key = `${kind}\n${response.version_info}`;
      // A version every proxy already ACKed comes back when the config returns to an earlier state
      // (versions are content hashes): count it afresh.
      if (reported.has(key)) {
        reported.delete(key);
        byVersion.delete(response.version_info);
      }
      const times = byVersion.get(response.version_info) ?? new Map<string, number>();
      times.set(nodeId, epochMs());
      byVersion.set(response.version_info, times);
      if (times.size === nodeIds.length && !reported.has(key)) {
        reported.add(key);
        options.onAllAcked?.(kind, response.version_info, [...times.values()]);
      }
      for (const check of [...waiters]) check();
    });
    const metadata = options.client
      ? { fields: { client: { kind: "stringValue", stringValue: options.client } } }
      : null;
    stream.send({ node: { id: nodeId, metadata }, type_url: TYPE_URLS.listeners, resource_names: [] });
    for (const kind of ["clusters", "routes", "endpoints"] as const) {
      stream.send({ type_url: TYPE_URLS[kind], resource_names: names[kind] });
    }
  }
  return {
    nodeIds,
    waitForAck: (kind, version, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          const have = ackedOf(kind).get(version)?.size ?? 0;
          reject(new Error(`${have}/${nodeIds.length} proxies ACKed ${kind} ${version} in ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          const times = ackedOf(kind).get(version);
          if (!times || times.size < nodeIds.length) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve([...times.values()]);
        };
        waiters.add(check);
        check();
      }),
    report: (kind) => ({
      acksByVersion: Object.fromEntries([...ackedOf(kind)].map(([version, times]) => [version, times.size])),
      endedStreams,
    }),
    close: () => {
      for (const client of clients) client.close();
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function runInProcess(count: number, rounds: number): Promise<void> {
  const cache = new SnapshotCache();
  const server = await startXdsServer({ host: "127.0.0.1", port: 0, cache });
  const clusters = ["bench-v1", "bench-v2"];
  // Weights out of 1,000 so every round's split (and so its routes version) is new.
  const resources = (v1: number) =>
    weightedServiceResources(
      "bench",
      clusters.map((name, i) => ({
        name,
        weight: i === 0 ? v1 : 1_000 - v1,
        endpoints: [{ host: "10.0.0.1", port: 9000 + i }],
      })),
    );
  const publish = (v1: number) => {
    const objects = resources(v1); // one set of objects shared by all nodes, as a translator would cache them
    for (let i = 0; i < count; i++) cache.set(`bench-${i}`, buildSnapshot(objects));
    return buildSnapshot(objects).routes.version;
  };
  const firstVersion = publish(500);
  const heapBefore = process.memoryUsage().heapUsed;
  const proxies = await openSimulatedProxies({
    target: `127.0.0.1:${server.port}`,
    count,
    routeNames: [routeConfigName("bench")],
    clusterNames: clusters,
  });
  await proxies.waitForAck("routes", firstVersion, 120_000);
  const heapPerProxy = (process.memoryUsage().heapUsed - heapBefore) / count;

  const perProxy: number[] = [];
  const lastAck: number[] = [];
  const setDurations: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const started = epochMs();
    const version = publish(round);
    setDurations.push(epochMs() - started);
    const ackTimes = await proxies.waitForAck("routes", version);
    const latencies = ackTimes.map((at) => at - started);
    perProxy.push(...latencies);
    lastAck.push(Math.max(...latencies));
  }
  proxies.close();
  await server.close();
  perProxy.sort((a, b) => a - b);
  lastAck.sort((a, b) => a - b);
  setDurations.sort((a, b) => a - b);
  console.log(
    [
      `N=${count} proxies, ${rounds} rounds (routes weight change; server and clients in one process)`,
      `  change -> each proxy's ACK:  p50 ${fmt(percentile(perProxy, 50))}  p99 ${fmt(percentile(perProxy, 99))}`,
      `  change -> last ACK (round):  p50 ${fmt(percentile(lastAck, 50))}  p99 ${fmt(percentile(lastAck, 99))}  max ${fmt(lastAck.at(-1) ?? Number.NaN)}`,
      `  publishing N snapshots:      p50 ${fmt(percentile(setDurations, 50))}`,
      `  heap per connected proxy (server + client, rough): ${(heapPerProxy / 1024).toFixed(1)} KiB`,
    ].join("\n"),
  );
}

function argument(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const counts = argument("clients", "100,1000").split(",").map(Number);
  const rounds = Number(argument("rounds", "20"));
  for (const count of counts) await runInProcess(count, rounds);
  process.exit(0);
}
