/**
 * Sends OTLP/HTTP protobuf exports. Spans wait in a bounded queue and go out in batches (when a batch is
 * full or every flush interval); when the queue is full new spans are dropped and counted, so a slow or
 * absent collector costs a bounded amount of memory. At most two exports are in flight; a failed export
 * is counted and dropped (no retry queue to grow).
 */
import http from "node:http";
import https from "node:https";
import type { Counter } from "../admin/stats";
import type { SpanData } from "./otlp-encode";

export interface ExporterOptions {
  /** Base URL, e.g. http://127.0.0.1:4318 ("/v1/traces" and "/v1/metrics" are appended). */
  readonly endpoint: string;
  readonly token?: string;
  readonly maxQueuedSpans: number;
  readonly maxBatchSpans: number;
  readonly flushIntervalMs: number;
  readonly encodeSpans: (spans: readonly SpanData[]) => Uint8Array;
  readonly counters: ExporterCounters;
}

export interface ExporterCounters {
  readonly spansExported: Counter;
  readonly spansDropped: Counter;
  readonly exportFailures: Counter;
  readonly metricExports: Counter;
}

const MAX_IN_FLIGHT = 2;
const EXPORT_TIMEOUT_MS = 10_000;

export class OtlpExporter {
  private queue: SpanData[] = [];
  private inFlight = 0;
  private readonly pending = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(private readonly options: ExporterOptions) {
    this.url = new URL(options.endpoint);
    const Agent = this.url.protocol === "https:" ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
    this.timer = setInterval(() => this.flushSpans(), options.flushIntervalMs);
    this.timer.unref();
  }

  addSpan(span: SpanData): void {
    if (this.queue.length >= this.options.maxQueuedSpans) {
      this.options.counters.spansDropped.value += 1;
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= this.options.maxBatchSpans) this.flushSpans();
  }

  queued(): number {
    return this.queue.length;
  }

  flushSpans(): void {
    while (this.queue.length > 0 && this.inFlight < MAX_IN_FLIGHT) {
      const batch = this.queue.splice(0, this.options.maxBatchSpans);
      const body = this.options.encodeSpans(batch);
      this.post("/v1/traces", body, (ok) => {
        const counter = ok ? this.options.counters.spansExported : this.options.counters.spansDropped;
        counter.value += batch.length;
      });
    }
  }

  sendMetrics(body: Uint8Array): void {
    this.post("/v1/metrics", body, (ok) => {
      if (ok) this.options.counters.metricExports.value += 1;
    });
  }

  /** Sends what is queued and waits (bounded) for exports in flight. */
  async close(waitMs = 2_000): Promise<void> {
    clearInterval(this.timer);
    this.flushSpans();
    const all = Promise.all([...this.pending]);
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
    this.agent.destroy();
  }

  private post(path: string, body: Uint8Array, done: (ok: boolean) => void): void {
    this.inFlight += 1;
    const transport = this.url.protocol === "https:" ? https : http;
    const base = this.url.pathname.replace(/\/$/, "");
    const promise = new Promise<void>((resolve) => {
      const finish = (ok: boolean) => {
        this.inFlight -= 1;
        if (!ok) this.options.counters.exportFailures.value += 1;
        done(ok);
        resolve();
      };
      const req = transport.request(
        {
          agent: this.agent,
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port,
          method: "POST",
          path: base + path,
          headers: {
            "content-type": "application/x-protobuf",
            "content-length": body.length,
            ...(this.options.token && { authorization: `Bearer ${this.options.token}` }),
          },
          timeout: EXPORT_TIMEOUT_MS,
        },
        (res) => {
          res.resume();
          res.on("end", () => finish((res.statusCode ?? 500) < 300));
          res.on("error", () => finish(false));
        },
      );
      req.on("timeout", () => req.destroy(new Error("export timeout")));
      req.on("error", () => finish(false));
      req.end(body);
    });
    this.pending.add(promise);
    promise.then(() => this.pending.delete(promise));
  }
}
