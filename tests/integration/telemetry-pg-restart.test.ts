// PostgreSQL stopped while exporters keep sending: exports get retryable answers (503 with Retry-After)
// while it is down, and once it is back every span that was acknowledged is stored.

import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedCluster, freePort, startEmbeddedCluster } from "../../lib/db/embedded/cluster";
import { encodeTraceRequest, jsonSpan, traceRequest } from "../../lib/telemetry/otlp/testing/trace-payloads";
import { otlpAddresses } from "../../lib/telemetry/testing/otlp-addresses";
import { type StartedServer, startWeftServer } from "../support/weftProcess";

const SENDERS = 4;
const SPANS_PER_EXPORT = 50;

interface Tally {
  acked: Set<string>;
  retryable: number;
  other: string[];
}

/** One export of SPANS_PER_EXPORT spans of one new trace; resends it until it is acknowledged or stopped. */
async function sendOne(url: string, sequence: number, tally: Tally, stopped: () => boolean): Promise<void> {
  const traceId = `c0ffee${sequence.toString(16).padStart(26, "0")}`;
  const startNs = BigInt(Date.now()) * 1_000_000n;
  const spans = Array.from({ length: SPANS_PER_EXPORT }, (_, i) =>
    jsonSpan({
      traceId,
      spanId: (i + 1).toString(16).padStart(16, "0"),
      parentSpanId: undefined,
      startTimeUnixNano: startNs.toString(),
      endTimeUnixNano: (startNs + 1_000_000n).toString(),
    }),
  );
  const body = encodeTraceRequest(traceRequest(spans, "restart-test"));
  while (!stopped()) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-protobuf" },
      body: body as BodyInit,
    }).catch((error: unknown) => error as Error);
    if (response instanceof Error) {
      tally.other.push(`network: ${response.message}`);
      return;
    }
    await response.arrayBuffer();
    if (response.status === 200) {
      for (const span of spans) tally.acked.add(`${traceId}/${span.spanId}`);
      return;
    }
    if ((response.status === 503 || response.status === 429) && response.headers.get("retry-after")) {
      tally.retryable++;
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    tally.other.push(`status ${response.status}`);
    return;
  }
}

describe("PostgreSQL restarting during ingest", () => {
  let dataDir: string;
  let port: number;
  let cluster: EmbeddedCluster;
  let server: StartedServer;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "weft-restart-pg-"));
    port = await freePort();
    cluster = await startEmbeddedCluster(dataDir, "weft", port);
    server = await startWeftServer({ DATABASE_URL: cluster.url });
  });
  afterAll(async () => {
    await server?.stop();
    await cluster?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("answers retryably while it is down and stores every acknowledged span", async () => {
    const url = `${otlpAddresses(server.process.output()).http}/v1/traces`;
    const tally: Tally = { acked: new Set(), retryable: 0, other: [] };
    let sequence = 0;
    let stop = false;
    const senders = Array.from({ length: SENDERS }, async () => {
      while (!stop) await sendOne(url, ++sequence, tally, () => stop);
    });
    const ackedAt = async (count: number) => {
      for (let i = 0; i < 400 && tally.acked.size < count; i++) await new Promise((r) => setTimeout(r, 50));
    };

    await ackedAt(20 * SPANS_PER_EXPORT);
    const beforeStop = tally.acked.size;
    expect(beforeStop).toBeGreaterThanOrEqual(20 * SPANS_PER_EXPORT);
    await cluster.stop();
    const retryableBefore = tally.retryable;
    await new Promise((r) => setTimeout(r, 2_000));
    const whileDown = tally.retryable - retryableBefore;
    cluster = await startEmbeddedCluster(dataDir, "weft", port);
    await ackedAt(tally.acked.size + 20 * SPANS_PER_EXPORT);
    stop = true;
    await Promise.all(senders);

    expect(tally.other).toEqual([]);
    expect(whileDown).toBeGreaterThan(0);
    expect(tally.acked.size).toBeGreaterThan(beforeStop);
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const result = await client.query<{ id: string }>(
        "SELECT DISTINCT encode(trace_id, 'hex') || '/' || encode(span_id, 'hex') AS id FROM telemetry_spans",
      );
      const stored = new Set(result.rows.map((r) => r.id));
      const missing = [...tally.acked].filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      console.log(
        `restart test: ${tally.acked.size} spans acknowledged, ${stored.size} stored, ` +
          `${tally.retryable} retryable answers (${whileDown} while PostgreSQL was down)`,
      );
    } finally {
      await client.end();
    }
    expect(server.process.child.exitCode).toBeNull();
  });
});
