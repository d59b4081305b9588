// The ingest pipeline: a bounded in-memory queue of decoded exports, flushed into PostgreSQL by size and
// time, a few flushes at a time. An export's promise settles only when the transaction holding its rows
// has committed (resolve) or failed (reject with IngestRefused); nothing is acknowledged and then dropped.
//
// Memory is bounded by what is held (queued plus being written), in payload bytes and in items; past
// either bound new exports are refused at once with "queue_full". After a connection failure new exports
// are refused with "unavailable" for a short while instead of piling up behind a dead database.

import type { MetricPointRow, SpanRow } from "../rows";
import { IngestRefused } from "./errors";
import { classifyStoreError, type StoreFailure } from "./store-errors";

export interface PipelineSettings {
  /** Bytes of (decompressed) payload held at most. */
  maxHeldBytes: number;
  /** Spans plus data points held at most. */
  maxHeldItems: number;
  /** Items per flush; a single larger export is written alone. */
  maxBatchItems: number;
  /** How long the first export of a partial batch waits for company. */
  flushDelayMs: number;
  /** Flushes in flight at once (PostgreSQL connections used). */
  concurrency: number;
  /** What 429 / 503 ask senders to wait, in seconds. */
  retryAfterSeconds: number;
  /** After a connection failure, how long new exports are refused without trying. */
  unavailableHoldMs: number;
}

export const DEFAULT_PIPELINE_SETTINGS: Readonly<PipelineSettings> = Object.freeze({
  maxHeldBytes: 64 * 1024 * 1024,
  maxHeldItems: 200_000,
  maxBatchItems: 8_192,
  flushDelayMs: 2,
  concurrency: 2,
  retryAfterSeconds: 1,
  unavailableHoldMs: 1_000,
});

export interface IngestExport {
  spans: SpanRow[];
  points: MetricPointRow[];
  /** Payload bytes, for the memory bound. */
  bytes: number;
}

export interface PipelineClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: PipelineClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Writes a batch of exports in one transaction; throws what the database threw. */
export type BatchWriter = (exports: readonly IngestExport[]) => Promise<void>;

interface Pending {
  data: IngestExport;
  items: number;
  enqueuedAt: number;
  resolve(): void;
  reject(error: IngestRefused): void;
}

export interface PipelineStats {
  heldBytes: number;
  heldItems: number;
  queuedExports: number;
  flushesInFlight: number;
  storedSpans: number;
  storedPoints: number;
}

export class IngestPipeline {
  private readonly settings: PipelineSettings;
  private readonly queue: Pending[] = [];
  private heldBytes = 0;
  private heldItems = 0;
  private queuedItems = 0;
  private inFlight = 0;
  private timer: unknown = null;
  private unavailableUntil = 0;
  private closing = false;
  private idleWaiters: Array<() => void> = [];
  private storedSpans = 0;
  private storedPoints = 0;

  constructor(
    private readonly write: BatchWriter,
    settings: Partial<PipelineSettings> = {},
    private readonly clock: PipelineClock = SYSTEM_CLOCK,
    private readonly classify: (error: unknown) => StoreFailure = classifyStoreError,
  ) {
    this.settings = { ...DEFAULT_PIPELINE_SETTINGS, ...settings };
  }

  /** Throws IngestRefused when an export of this size would be refused now (call before decoding). */
  admit(bytes: number, items = 0): void {
    if (this.closing) throw this.refusal("unavailable", "the server is shutting down");
    if (this.clock.now() < this.unavailableUntil)
      throw this.refusal("unavailable", "the telemetry database is unavailable");
    // An export larger than the bounds is still taken when nothing else is held, or it could never be.
    if (this.heldItems === 0 && this.heldBytes === 0) return;
    if (
      this.heldBytes + bytes > this.settings.maxHeldBytes ||
      this.heldItems + items > this.settings.maxHeldItems
    )
      throw this.refusal("queue_full", "ingest is saturated; retry later");
  }

  /** Queues an export; resolves once its rows are committed, rejects with IngestRefused otherwise. */
  submit(data: IngestExport): Promise<void> {
    const items = data.spans.length + data.points.length;
    try {
      this.admit(data.bytes, items);
    } catch (error) {
      return Promise.reject(error);
    }
    if (items === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ data, items, enqueuedAt: this.clock.now(), resolve, reject });
      this.heldBytes += data.bytes;
      this.heldItems += items;
      this.queuedItems += items;
      this.schedule();
    });
  }

  /** Stops taking exports, writes what is queued and waits for every flush to finish. */
  async close(): Promise<void> {
    this.closing = true;
    this.schedule();
    if (this.queue.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  stats(): PipelineStats {
    return {
      heldBytes: this.heldBytes,
      heldItems: this.heldItems,
      queuedExports: this.queue.length,
      flushesInFlight: this.inFlight,
      storedSpans: this.storedSpans,
      storedPoints: this.storedPoints,
    };
  }

  private schedule(): void {
    while (this.queue.length > 0 && this.inFlight < this.settings.concurrency) {
      const waited = this.clock.now() - this.queue[0]!.enqueuedAt;
      const full = this.queuedItems >= this.settings.maxBatchItems;
      if (!full && !this.closing && waited < this.settings.flushDelayMs) {
        this.armTimer(this.settings.flushDelayMs - waited);
        return;
      }
      void this.flush(this.takeBatch());
    }
    if (this.queue.length === 0 && this.inFlight === 0) this.notifyIdle();
  }

  private armTimer(ms: number): void {
    if (this.timer !== null) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.schedule();
    }, ms);
  }

  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let items = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (batch.length > 0 && items + next.items > this.settings.maxBatchItems) break;
      batch.push(next);
      this.queue.shift();
      items += next.items;
    }
    this.queuedItems -= items;
    if (this.timer !== null && this.queue.length === 0) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    return batch;
  }

  private async flush(batch: Pending[]): Promise<void> {
    this.inFlight++;
    try {
      await this.writeBatch(batch);
    } finally {
      for (const pending of batch) {
        this.heldBytes -= pending.data.bytes;
        this.heldItems -= pending.items;
      }
      this.inFlight--;
      this.schedule();
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    try {
      await this.write(batch.map((pending) => pending.data));
      this.settle(batch);
      return;
    } catch (error) {
      const failure = this.classify(error);
      if (failure !== "invalid" || batch.length === 1) {
        this.fail(batch, failure, error);
        return;
      }
    }
    // Something in the batch cannot be stored: write each export on its own, so that one bad export does
    // not fail the others.
    for (const pending of batch) await this.writeBatch([pending]);
  }

  private settle(batch: Pending[]): void {
    for (const pending of batch) {
      this.storedSpans += pending.data.spans.length;
      this.storedPoints += pending.data.points.length;
      pending.resolve();
    }
  }

  private fail(batch: Pending[], failure: StoreFailure, error: unknown): void {
    const detail = error instanceof Error ? error.message : String(error);
    if (failure === "invalid") {
      for (const pending of batch)
        pending.reject(new IngestRefused("store_failed", `could not store: ${detail}`));
      return;
    }
    // Unavailable (or retries exhausted): this batch and everything queued behind it get "retry later".
    this.unavailableUntil = this.clock.now() + this.settings.unavailableHoldMs;
    const refused = [...batch, ...this.queue.splice(0)];
    const message = `the telemetry database is unavailable (${detail}); retry later`;
    for (const pending of refused) pending.reject(this.refusal("unavailable", message));
    for (const pending of refused.slice(batch.length)) {
      this.heldBytes -= pending.data.bytes;
      this.heldItems -= pending.items;
      this.queuedItems -= pending.items;
    }
  }

  private refusal(kind: "queue_full" | "unavailable", message: string): IngestRefused {
    return new IngestRefused(kind, message, this.settings.retryAfterSeconds);
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters.splice(0);
    for (const resolve of waiters) resolve();
  }
}
