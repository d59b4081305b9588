/**
 * Node.js/V8 flags the sidecar should run with (docs/proxy.md, "Memory and CPU"). Measured at 1,000 req/s
 * and under repeated full-load bursts: a 1 MB young generation keeps RSS ~15 MB lower; garbage collection
 * on the main thread only (the heap is small) saves the hand-offs to helper threads, about 0.01 vCPU and a
 * lower p99; one V8 helper thread instead of four saves ~2 MB; optimizing for size collects the old
 * generation sooner (~4 MB), for ~3% more CPU. Not here: `--incremental-marking-hard-trigger=10`, which
 * keeps RSS 2–4 MB lower after bursts but added ~0.3 ms to the p99 of one hop in same-run comparisons (its
 * marking steps run inside requests). They cannot be set once the process runs, so whoever starts the
 * sidecar passes them (the demo and the bench do).
 */
export const SIDECAR_NODE_FLAGS: readonly string[] = [
  "--max-semi-space-size=1",
  "--single-threaded-gc",
  "--v8-pool-size=1",
  "--optimize-for-size",
];
