// The ingest benchmark's load generator, a process of its own (started by tests/bench/ingest.ts over IPC):
// `senders` concurrent HTTP connections each post the next OTLP/protobuf export as soon as the previous
// one was answered, for `seconds`. Exports of one round go out staggered by service (frontend of round r
// with catalog of r-3 and pricing of r-6), as services flush on their own timers, so calls always
// cross exports. A 429/503 waits briefly and resends the same export.

import http from "node:http";
import { performance } from "node:perf_hooks";
import { buildTemplates, type ExportTemplate, exportForRound, SERVICES } from "./ingest-payloads";

export interface LoadRequest {
  type: "run";
  /** e.g. http://127.0.0.1:4318/v1/traces */
  url: string;
  seconds: number;
  senders: number;
}

export interface LoadResult {
  type: "result";
  seconds: number;
  exports: number;
  spans: number;
  refused: number;
  failed: string[];
  ackMs: { p50: number; p90: number; p99: number; max: number };
}

const STAGGER_ROUNDS = 3;
const templates = buildTemplates(Date.now());
let round = 0;
let slot = 0;

/** The next export: services take turns, each a few rounds behind the previous one. */
function nextExport(): { body: Buffer; spans: number } {
  for (;;) {
    const service = slot % SERVICES.length;
    if (service === 0) round++;
    slot++;
    const exportRound = round - service * STAGGER_ROUNDS;
    if (exportRound < 1) continue;
    const template = templates[service] as ExportTemplate;
    return { body: exportForRound(template, exportRound), spans: template.spans };
  }
}

function post(agent: http.Agent, url: URL, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/x-protobuf", "content-length": body.length },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

async function run(load: LoadRequest): Promise<LoadResult> {
  const url = new URL(load.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.senders });
  const latencies: number[] = [];
  const failed: string[] = [];
  let spans = 0;
  let refused = 0;
  const started = performance.now();
  const deadline = started + load.seconds * 1000;
  const sender = async () => {
    while (performance.now() < deadline) {
      const next = nextExport();
      for (;;) {
        const sent = performance.now();
        const status = await post(agent, url, next.body).catch((error: Error) => {
          failed.push(error.message);
          return -1;
        });
        if (status === 200) {
          latencies.push(performance.now() - sent);
          spans += next.spans;
          break;
        }
        if (status === 429 || status === 503) {
          refused++;
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        if (status !== -1) failed.push(`status ${status}`);
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: load.senders }, sender));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    round3(latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0);
  return {
    type: "result",
    seconds: round3(seconds),
    exports: latencies.length,
    spans,
    refused,
    failed: failed.slice(0, 5),
    ackMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: round3(latencies[latencies.length - 1] ?? 0) },
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

process.on("message", (message: LoadRequest) => {
  if (message.type !== "run") return;
  run(message).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ type: "error", message: String(error) }),
  );
});
process.send?.({ type: "ready" });
