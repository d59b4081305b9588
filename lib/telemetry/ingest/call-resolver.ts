// Holds the open calls of committed flushes (CLIENT/PRODUCER spans whose callee had not been seen) until
// their callees have had time to export, then decides them in batches (rollup/span-calls.ts). Waiting
// `settleMs` covers exporters' batching delays (the OpenTelemetry SDK's default is 5 s); a callee exported
// later than that leaves the call counted as a call to the peer its client named.
//
// The list is in memory: a crash loses the span-derived edges of the last `settleMs` (spans themselves are
// stored; metric-derived edges are unaffected). On close, everything still held is decided at once.

import type { OpenCall } from "../rollup/span-calls";

export interface CallResolverSettings {
  settleMs: number;
  intervalMs: number;
  /** Calls decided per database round trip. */
  batchSize: number;
  /** Above this many held calls the oldest are decided without waiting (bounds memory). */
  maxHeld: number;
}

export const DEFAULT_CALL_RESOLVER_SETTINGS: Readonly<CallResolverSettings> = Object.freeze({
  settleMs: 10_000,
  intervalMs: 1_000,
  batchSize: 10_000,
  maxHeld: 300_000,
});

interface Held {
  calls: OpenCall[];
  atMs: number;
}

export class CallResolver {
  private readonly settings: CallResolverSettings;
  private held: Held[] = [];
  private count = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Whether the last run failed, so that an outage is logged once rather than every second. */
  private failing = false;

  constructor(
    private readonly resolve: (calls: OpenCall[]) => Promise<void>,
    private readonly log: (line: string) => void,
    settings: Partial<CallResolverSettings> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.settings = { ...DEFAULT_CALL_RESOLVER_SETTINGS, ...settings };
  }

  /** Calls of a committed flush. */
  add(calls: OpenCall[]): void {
    if (calls.length === 0) return;
    this.held.push({ calls, atMs: this.now() });
    this.count += calls.length;
  }

  get heldCalls(): number {
    return this.count;
  }

  start(): void {
    this.timer = setInterval(() => void this.runDue(), this.settings.intervalMs);
    this.timer.unref();
  }

  /** Decides the calls that have waited long enough (or all of them); failures keep them for the next run. */
  runDue(all = false): Promise<void> {
    if (this.running === null) {
      this.running = this.decide(all)
        .then(() => {
          if (this.failing) this.log("telemetry: resolving span calls works again");
          this.failing = false;
        })
        .catch((error: unknown) => {
          if (!this.failing)
            this.log(`telemetry: resolving span calls failed (will retry): ${String(error)}`);
          this.failing = true;
        })
        .finally(() => {
          this.running = null;
        });
    }
    return this.running;
  }

  async close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.runDue(true);
  }

  private async decide(all: boolean): Promise<void> {
    const dueBefore = this.now() - this.settings.settleMs;
    for (;;) {
      const batch = this.take(all ? Number.POSITIVE_INFINITY : dueBefore);
      if (batch.length === 0) return;
      try {
        await this.resolve(batch);
      } catch (error) {
        this.held.unshift({ calls: batch, atMs: dueBefore });
        this.count += batch.length;
        throw error;
      }
    }
  }

  /** Up to batchSize calls held since before `dueBefore`, or the oldest ones while over maxHeld. */
  private take(dueBefore: number): OpenCall[] {
    const batch: OpenCall[] = [];
    while (this.held.length > 0 && batch.length < this.settings.batchSize) {
      const first = this.held[0]!;
      if (first.atMs > dueBefore && this.count <= this.settings.maxHeld) break;
      const room = this.settings.batchSize - batch.length;
      if (first.calls.length <= room) {
        batch.push(...first.calls);
        this.held.shift();
      } else {
        batch.push(...first.calls.splice(0, room));
      }
    }
    this.count -= batch.length;
    return batch;
  }
}
