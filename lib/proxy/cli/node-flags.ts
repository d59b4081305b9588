/**
 * Node.js/V8 flags the sidecar should run with (docs/proxy.md, "Memory and CPU"). Measured at 1,000 req/s
 * and under repeated full-load bursts: a 1 MB young generation keeps RSS ~15 MB lower; garbage collection
 * on the main thread only (the heap is small) saves the hand-offs to helper threads, about 0.01 vCPU and a
 * lower p99; one V8 helper thread instead of four saves ~2 MB; optimizing for size collects the old
 * generation sooner (~4 MB), for ~3% more CPU. V8 still lets the old generation grow ~8 MB past what
 * survived the last full collection before it collects again, so bursts left 6–8 MB of garbage behind;
 * starting incremental marking a tenth of the way there keeps that under ~2 MB, for a full collection every
 * few seconds under load (~10 ms of marking steps, a 1–5 ms final pause). They cannot be set once the
 * process runs, so whoever starts the sidecar passes them (the demo and the bench do).
 */
export const SIDECAR_NODE_FLAGS: readonly string[] = [
  "--max-semi-space-size=1",
  "--single-threaded-gc",
  "--v8-pool-size=1",
  "--optimize-for-size",
  "--incremental-marking-hard-trigger=10",
];
