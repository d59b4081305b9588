import { describe, expect, it } from "vitest";
import { spanRow } from "../rollup/testing/span-rows";
import type { SpanRow } from "../rows";
import { IngestRefused } from "./errors";
import { type IngestExport, IngestPipeline, type PipelineSettings } from "./pipeline";
import { deferred, FakeClock, settle } from "./testing/fake-clock";

function spans(count: number): SpanRow[] {
  return Array.from({ length: count }, () => spanRow());
}

function exportOf(count: number, bytes = 100): IngestExport {
  return { spans: spans(count), points: [], bytes };
}

function setup(settings: Partial<PipelineSettings> = {}) {
  const clock = new FakeClock();
  const writes: Array<{ exports: readonly IngestExport[]; done: ReturnType<typeof deferred> }> = [];
  const pipeline = new IngestPipeline(
    (exports) => {
      const done = deferred();
      writes.push({ exports, done });
      return done.promise;
    },
    {
      flushDelayMs: 10,
      maxBatchItems: 100,
      concurrency: 1,
      maxHeldItems: 1000,
      maxHeldBytes: 10_000,
      ...settings,
    },
    clock,
  );
  return { clock, writes, pipeline };
}

async function outcome(promise: Promise<void>): Promise<string> {
  return promise.then(
    () => "stored",
    (error: unknown) => (error instanceof IngestRefused ? error.kind : `other: ${String(error)}`),
  );
}

describe("IngestPipeline", () => {
  it("acknowledges an export only after the write holding it has committed", async () => {
    const { clock, writes, pipeline } = setup();
    let acknowledged = false;
    const done = pipeline.submit(exportOf(3)).then(() => {
      acknowledged = true;
    });
    clock.advance(10);
    expect(writes.length).toBe(1);
    await settle();
    expect(acknowledged).toBe(false);
    writes[0]!.done.resolve();
    await done;
    expect(acknowledged).toBe(true);
    expect(pipeline.stats()).toMatchObject({ heldItems: 0, heldBytes: 0, storedSpans: 3 });
  });

  it("flushes by time, or at once when a batch is full, and batches exports together", async () => {
    const { clock, writes, pipeline } = setup({ concurrency: 2 });
    void pipeline.submit(exportOf(30));
    void pipeline.submit(exportOf(30));
    clock.advance(5);
    expect(writes.length).toBe(0);
    clock.advance(5);
    expect(writes.map((w) => w.exports.length)).toEqual([2]);
    void pipeline.submit(exportOf(60));
    void pipeline.submit(exportOf(60));
    // 120 items reach the batch size: no waiting, and one batch of at most 100 items per flush.
    expect(writes.map((w) => w.exports.length)).toEqual([2, 1]);
    expect(pipeline.stats().flushesInFlight).toBe(2);
  });

  it("refuses with queue_full once the held items or bytes would pass the bounds", async () => {
    const { pipeline } = setup({ maxHeldItems: 50, maxHeldBytes: 250 });
    void pipeline.submit(exportOf(40, 100));
    expect(await outcome(pipeline.submit(exportOf(20, 100)))).toBe("queue_full");
    void pipeline.submit(exportOf(5, 100));
    const refusal = await pipeline.submit(exportOf(1, 100)).catch((error: IngestRefused) => error);
    expect(refusal).toBeInstanceOf(IngestRefused);
    expect((refusal as IngestRefused).kind).toBe("queue_full");
    expect((refusal as IngestRefused).retryAfterSeconds).toBeGreaterThan(0);
    expect(pipeline.stats()).toMatchObject({ heldItems: 45, heldBytes: 200 });
  });

  it("takes an export bigger than the bounds when nothing else is held", async () => {
    const { clock, writes, pipeline } = setup({ maxHeldItems: 10 });
    const big = pipeline.submit(exportOf(50));
    clock.advance(10);
    writes[0]!.done.resolve();
    expect(await outcome(big)).toBe("stored");
  });

  it("answers unavailable for the batch and the queue when the database is down, then for a while", async () => {
    const { clock, writes, pipeline } = setup();
    const inFlight = pipeline.submit(exportOf(5));
    clock.advance(10);
    const queued = pipeline.submit(exportOf(5));
    writes[0]!.done.reject(
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    );
    expect(await outcome(inFlight)).toBe("unavailable");
    expect(await outcome(queued)).toBe("unavailable");
    expect(pipeline.stats()).toMatchObject({ heldItems: 0, heldBytes: 0, queuedExports: 0 });
    expect(await outcome(pipeline.submit(exportOf(1)))).toBe("unavailable");
    expect(writes.length).toBe(1);
    clock.advance(1_000);
    const later = pipeline.submit(exportOf(1));
    clock.advance(10);
    writes[1]!.done.resolve();
    expect(await outcome(later)).toBe("stored");
  });

  it("writes the exports of a batch one by one when the data is refused, failing only the bad one", async () => {
    const { clock, writes, pipeline } = setup();
    const good = pipeline.submit(exportOf(2));
    const bad = pipeline.submit(exportOf(3));
    clock.advance(10);
    writes[0]!.done.reject(Object.assign(new Error("invalid input syntax"), { code: "22P02" }));
    await settle();
    expect(writes.map((w) => w.exports.length)).toEqual([2, 1]);
    writes[1]!.done.resolve();
    await settle();
    writes[2]!.done.reject(Object.assign(new Error("invalid input syntax"), { code: "22P02" }));
    expect(await outcome(good)).toBe("stored");
    expect(await outcome(bad)).toBe("store_failed");
  });

  it("on close, writes what is queued and then refuses new exports", async () => {
    const { writes, pipeline } = setup();
    const queued = pipeline.submit(exportOf(2));
    const closed = pipeline.close();
    expect(writes.length).toBe(1);
    expect(await outcome(pipeline.submit(exportOf(1)))).toBe("unavailable");
    writes[0]!.done.resolve();
    await closed;
    expect(await outcome(queued)).toBe("stored");
  });

  it("acknowledges an empty export without writing", async () => {
    const { writes, pipeline } = setup();
    expect(await outcome(pipeline.submit(exportOf(0)))).toBe("stored");
    expect(writes.length).toBe(0);
  });
});
